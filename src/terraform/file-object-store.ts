/**
 * The plan store's filesystem adapter, for runs on the dispatcher's own machine (local executor):
 * `bucket` is an absolute directory, `key` a file name under it. Plans are written owner-only and
 * atomically (temporary file, then rename), so an apply never reads half a plan.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ObjectStore } from './plan-store.js';

export function createFileObjectStore(): ObjectStore {
  const fileOf = (dir: string, key: string): string => {
    const file = path.resolve(dir, key);
    if (path.dirname(file) !== path.resolve(dir))
      throw new Error(`the key '${key}' is not a file name directly in ${dir}`);
    return file;
  };
  return {
    async put(dir, key, body) {
      const file = fileOf(dir, key);
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, body, { mode: 0o600 });
      await rename(temp, file);
    },
    async get(dir, key) {
      try {
        return await readFile(fileOf(dir, key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}
