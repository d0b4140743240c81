export * from './errors.ts';
export * from './common.ts';
export * from './auth.ts';
export * from './workspace.ts';
export * from './customers.ts';
export * from './conversations.ts';
export * from './events.ts';
