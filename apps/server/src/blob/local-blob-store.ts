import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type BlobStore, BlobTooLargeError } from './blob-store.ts';

const keyPattern = /^[a-z0-9-]{8,64}$/;

/** Files in a local directory, fanned out by the key's last characters. */
export function createLocalBlobStore(root: string): BlobStore {
  const pathOf = (key: string) => {
    if (!keyPattern.test(key)) throw new Error(`Invalid blob key: ${key}`);
    return path.join(root, key.slice(-2), key);
  };
  // The fan-out directories made so far: a mkdir per write is a system call saved.
  const made = new Set<string>();
  const ensureDirectory = async (file: string) => {
    const directory = path.dirname(file);
    if (made.has(directory)) return;
    await fs.mkdir(directory, { recursive: true });
    made.add(directory);
  };
  return {
    async putBuffer(key, data) {
      const target = pathOf(key);
      await ensureDirectory(target);
      const temporary = `${target}.partial`;
      try {
        await fs.writeFile(temporary, data, { flag: 'wx' }).catch(async (error: unknown) => {
          // Someone removed the directory since we made it: make it again, once.
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
          made.delete(path.dirname(target));
          await ensureDirectory(target);
          await fs.writeFile(temporary, data, { flag: 'wx' });
        });
        // Rename last, so a crash never leaves a half-written file under the real key.
        await fs.rename(temporary, target);
        return data.length;
      } catch (error) {
        await fs.rm(temporary, { force: true });
        throw error;
      }
    },
    read(key) {
      return fs.readFile(pathOf(key));
    },
    async put(key, data, options = {}) {
      const target = pathOf(key);
      await ensureDirectory(target);
      const temporary = `${target}.partial`;
      let size = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          size += chunk.length;
          if (options.maxBytes !== undefined && size > options.maxBytes)
            callback(new BlobTooLargeError(options.maxBytes));
          else callback(null, chunk);
        },
      });
      try {
        await pipeline(data, counter, createWriteStream(temporary, { flags: 'wx' }));
        // Rename last, so a crash never leaves a half-written file under the real key.
        await fs.rename(temporary, target);
        return size;
      } catch (error) {
        await fs.rm(temporary, { force: true });
        throw error;
      }
    },
    async get(key) {
      const file = pathOf(key);
      await fs.access(file);
      return createReadStream(file);
    },
    async delete(key) {
      await fs.rm(pathOf(key), { force: true });
    },
  };
}
