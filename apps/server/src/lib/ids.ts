import { uuidv7 } from 'uuidv7';

/** Produces ids; injected so tests can predict them. */
export type IdGenerator = () => string;
export const newId: IdGenerator = () => uuidv7();
