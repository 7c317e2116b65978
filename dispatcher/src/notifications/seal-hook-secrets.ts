/**
 * At start, before anything signs: every webhook secret still stored in clear (hooks created
 * before secrets were encrypted) is sealed in place (secret-box.ts), each with a conditional UPDATE
 * so replicas starting together seal each once; and every sealed secret is opened first, so a replica
 * started with another key refuses to start, naming GRAPE_AUDIT_KEY, instead of signing deliveries
 * nobody can verify. Idempotent: a second run finds nothing in clear.
 */
import type { Db } from '../store/db.js';
import { isSealed, type SecretBox } from './secret-box.js';

/** Returns how many secrets it sealed. Throws (a wrong key) before sealing anything. */
export async function sealHookSecrets(db: Db, box: SecretBox): Promise<number> {
  const rows = await db.query<{ id: string; secret: string }>(
    'SELECT id, secret FROM notification_hooks ORDER BY created_at, id',
  );
  for (const row of rows) if (isSealed(row.secret)) box.open(row.secret, row.id);
  let count = 0;
  for (const row of rows) {
    if (isSealed(row.secret)) continue;
    const done = await db.query(
      'UPDATE notification_hooks SET secret = $3 WHERE id = $1 AND secret = $2 RETURNING id',
      [row.id, row.secret, box.seal(row.secret, row.id)],
    );
    count += done.length;
  }
  return count;
}
