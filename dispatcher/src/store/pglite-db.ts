/**
 * PGlite: PostgreSQL compiled to WASM, in-process, so `npm start` needs nothing installed. One
 * connection: transactions run one at a time, which is what a single embedded process needs.
 */
import type { Db, Queryable } from './db.js';

/** `dataDir` undefined → in memory. */
export async function openPgliteDb(dataDir: string | undefined): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite({ ...(dataDir ? { dataDir } : {}), parsers: { 20: (v) => Number(v) } });
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
    close: () => db.close(),
  };
}
