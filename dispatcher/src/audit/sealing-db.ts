/**
 * The database as the stores see it once the audit key is known: every transaction that appends
 * audit events seals them before it commits, and a lone statement that appends (the group-commit
 * call) runs in a transaction of its own for that. No store has to remember to seal. Events whose
 * append returned their seq and hash are sealed from those rows (audit-seal.ts `appendedBy`);
 * otherwise the transaction's unsealed events are read back first.
 */
import type { Db, Queryable, QueryOptions } from '../store/db.js';
import type { AuditKey } from './audit-key.js';
import {
  appendedBy,
  appendsAudit,
  sealEvents,
  sealPending,
  type AppendedEvent,
} from './audit-seal.js';

export function sealingDb(db: Db, key: () => AuditKey | undefined): Db {
  /** Runs `fn` in `tx`, noting what it appended; seals before the caller's commit. */
  const sealed = async <T>(
    tx: Queryable,
    k: AuditKey,
    fn: (watched: Queryable) => Promise<T>,
  ): Promise<T> => {
    const appended: AppendedEvent[] = [];
    let unread = false;
    const watched: Queryable = {
      query: async <R>(sql: string, params?: readonly unknown[], options?: QueryOptions) => {
        const rows = await tx.query<R>(sql, params, options);
        // A rolled-back savepoint may have taken appended events (and their seqs) with it.
        if (/^\s*ROLLBACK\s+TO\b/i.test(sql)) unread = true;
        else if (appendsAudit(sql)) {
          const events = appendedBy(sql, rows as unknown as Record<string, unknown>[]);
          if (events) appended.push(...events);
          else unread = true;
        }
        return rows;
      },
      exec: (sql) => tx.exec(sql),
    };
    const result = await fn(watched);
    if (unread) await sealPending(tx, k);
    else await sealEvents(tx, k, appended);
    return result;
  };
  return {
    kind: db.kind,
    exec: (sql) => db.exec(sql),
    listen: (channel, handlers) => db.listen(channel, handlers),
    close: () => db.close(),
    async query(sql, params, options) {
      const k = key();
      if (!k || !appendsAudit(sql)) return db.query(sql, params, options);
      return db.transaction((tx) =>
        sealed(tx, k, (watched) => watched.query(sql, params, options)),
      ) as never;
    },
    transaction: (fn) =>
      db.transaction((tx) => {
        const k = key();
        return k ? sealed(tx, k, fn) : fn(tx);
      }),
  };
}
