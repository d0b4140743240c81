import type { Readable } from 'node:stream';

/**
 * Where files live (attachments, raw emails). Keys are opaque ids chosen by Kefu, never file
 * names from outside, so no upload can choose where it is written.
 */
export interface BlobStore {
  /** Writes the stream and returns its size in bytes. Stops with an error past `maxBytes`. */
  put(key: string, data: Readable, options?: { maxBytes?: number }): Promise<number>;
  get(key: string): Promise<Readable>;
  delete(key: string): Promise<void>;
}

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than ${maxBytes} bytes`);
  }
}
