/**
 * The audit chain's key: a secret outside the database, so a database writer cannot recompute
 * the MACs after editing or removing events. From GRAPE_AUDIT_KEY, else the data dir, else
 * generated there on first start (mode 0600) — the local default, beside the embedded database's
 * files. Replicas must share it (set GRAPE_AUDIT_KEY on each): a replica with another key seals
 * events the others' verifier refuses.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const AUDIT_KEY_FILE = 'audit-key';

export interface AuditKey {
  readonly secret: Buffer;
  /** Names the key without revealing it (logs, `grape audit verify`). */
  readonly id: string;
  readonly source: 'GRAPE_AUDIT_KEY' | 'data dir';
  readonly generated: boolean;
}

const keyOf = (secret: Buffer, source: AuditKey['source'], generated: boolean): AuditKey => ({
  secret,
  id: createHmac('sha256', secret).update('grape audit key id').digest('hex').slice(0, 16),
  source,
  generated,
});

/** `create: false` (the CLI): undefined when there is no key rather than making one. */
export async function loadAuditKey(
  fromEnv: string | undefined,
  dataDir: string,
  options: { create: boolean } = { create: true },
): Promise<AuditKey | undefined> {
  if (fromEnv !== undefined) return keyOf(Buffer.from(fromEnv, 'utf8'), 'GRAPE_AUDIT_KEY', false);
  const file = path.join(dataDir, AUDIT_KEY_FILE);
  try {
    return keyOf(Buffer.from((await readFile(file, 'utf8')).trim(), 'utf8'), 'data dir', false);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    if (!options.create) return undefined;
  }
  const secret = randomBytes(32).toString('hex');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  try {
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process on this data dir made one first: use it.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return loadAuditKey(undefined, dataDir, { create: false });
  }
  return keyOf(Buffer.from(secret, 'utf8'), 'data dir', true);
}
