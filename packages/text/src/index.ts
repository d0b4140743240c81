export * from './search-tokens.ts';
export * from './email-reply.ts';
export * from './retrieval/index.ts';
