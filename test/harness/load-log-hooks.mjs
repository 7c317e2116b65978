// Module hooks for load-log.mjs (they run on the loader's own thread).
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export async function load(url, context, next) {
  const log = process.env.GRAPE_LOAD_LOG;
  if (log && url.startsWith('file:')) appendFileSync(log, `${fileURLToPath(url)}\n`);
  return next(url, context);
}
