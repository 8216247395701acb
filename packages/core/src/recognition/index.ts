export * from './eligibility.ts';
export * from './holidays-2026.ts';
export * from './panel.ts';
export * from './recognition.contract.ts';
export * from './scoring.ts';
export * from './working-days.ts';
