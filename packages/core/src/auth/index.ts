export * from './admin.contract.ts';
export * from './me.contract.ts';
export * from './organisation-codes.ts';
export * from './password-policy.ts';
export * from './reference.contract.ts';
export * from './roles.ts';
