export * from './search-tokens.ts';
export * from './email-reply.ts';
