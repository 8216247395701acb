// @qunce/core: the domain and the maths, importable by both server and web. No I/O, no clock,
// no randomness without an explicit seed.

export * from './attachments/attachments.contract.ts';
export * from './auth/index.ts';
export * from './errors.ts';
export * from './jobs/jobs.contract.ts';
