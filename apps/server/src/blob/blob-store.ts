import type { Readable } from 'node:stream';

/**
 * Where files live (attachments, raw emails). Keys are opaque ids chosen by Kefu, never file
 * names from outside, so no upload can choose where it is written.
 */
export interface BlobStore {
  /** Writes the stream and returns its size in bytes. Stops with an error past `maxBytes`. */
  put(key: string, data: Readable, options?: { maxBytes?: number }): Promise<number>;
  /** Writes bytes already in memory (a received mail, a decoded attachment). */
  putBuffer(key: string, data: Buffer): Promise<number>;
  get(key: string): Promise<Readable>;
  /** Reads a whole blob into memory (for small ones: raw mails up to the size limit). */
  read(key: string): Promise<Buffer>;
  delete(key: string): Promise<void>;
}

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than ${maxBytes} bytes`);
  }
}
