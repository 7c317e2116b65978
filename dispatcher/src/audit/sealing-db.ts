/**
 * The database as the stores see it once the audit key is known: every transaction that appends
 * audit events seals them before it commits, and a lone statement that appends (the group-commit
 * call) runs in a transaction of its own for that. No store has to remember to seal.
 */
import type { Db, Queryable } from '../store/db.js';
import type { AuditKey } from './audit-key.js';
import { appendsAudit, sealPending } from './audit-seal.js';

export function sealingDb(db: Db, key: () => AuditKey | undefined): Db {
  return {
    kind: db.kind,
    exec: (sql) => db.exec(sql),
    listen: (channel, handlers) => db.listen(channel, handlers),
    close: () => db.close(),
    async query(sql, params, options) {
      const k = key();
      if (!k || !appendsAudit(sql)) return db.query(sql, params, options);
      return db.transaction(async (tx) => {
        const rows = await tx.query(sql, params, options);
        await sealPending(tx, k);
        return rows;
      }) as never;
    },
    transaction: (fn) =>
      db.transaction(async (tx) => {
        let appended = false;
        const watched: Queryable = {
          query: (sql, params, options) => {
            if (appendsAudit(sql)) appended = true;
            return tx.query(sql, params, options);
          },
          exec: (sql) => tx.exec(sql),
        };
        const result = await fn(watched);
        const k = key();
        if (appended && k) await sealPending(tx, k);
        return result;
      }),
  };
}
