/**
 * PGlite: PostgreSQL compiled to WASM, in-process, so `npm start` needs nothing installed. One
 * connection: transactions run one at a time, which is what a single embedded process needs.
 */
import { mkdir } from 'node:fs/promises';
import type { Db, Queryable } from './db.js';

/** `dataDir` undefined → in memory. */
export async function openPgliteDb(dataDir: string | undefined): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dataDir) await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const db = new PGlite({
    ...(dataDir ? { dataDir } : {}),
    parsers: { 20: (v) => Number(v) },
    // The default 128 MB of shared buffers is most of PGlite's resident memory; a small embedded
    // dispatcher needs far less (idle RSS ~300 MB → ~170 MB).
    postgresqlconf: 'shared_buffers=16MB',
  });
  await db.waitReady;
  const wrap = (q: { query: typeof db.query; exec: typeof db.exec }): Queryable => ({
    query: async <R>(sql: string, params: readonly unknown[] = []) =>
      (await q.query<R>(sql, params as unknown[])).rows,
    exec: async (sql) => void (await q.exec(sql)),
  });
  return {
    kind: 'pglite',
    ...wrap(db),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    // In-process: no connection to lose.
    listen: async (channel, { onMessage, onListening }) => {
      const stop = await db.listen(channel, onMessage);
      onListening(true);
      return () => stop();
    },
    close: () => db.close(),
  };
}
