/**
 * Webhook signing secrets encrypted at rest (issue 17). The dispatcher needs each secret in clear
 * to sign deliveries, so it cannot keep only a hash; it keeps it sealed with AES-256-GCM (node:crypto)
 * under a key that never lives in the database: a subkey derived with HKDF-SHA256 from the audit
 * key (audit/audit-key.ts: GRAPE_AUDIT_KEY, else the data dir's key), which every replica sharing
 * the database already shares. A database dump alone reveals no secret. The hook id is the
 * additional authenticated data, so a sealed secret copied onto another hook does not open.
 *
 * Stored form: `v1:<key id>:<base64url(12-byte IV | ciphertext | 16-byte tag)>`. The key id (a MAC
 * of the subkey, not the subkey) tells a replica started with another key apart from a corrupted
 * value, and the error names the setting to fix.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

export const SEALED_PREFIX = 'v1:';
const INFO = 'grape webhook secrets v1';

export interface SecretBox {
  /** Names the key without revealing it. */
  readonly keyId: string;
  seal(secret: string, hookId: string): string;
  /** The secret in clear; throws WrongKeyError or an error naming the hook when it cannot. */
  open(stored: string, hookId: string): string;
}

export class WrongKeyError extends Error {}

export const isSealed = (stored: string): boolean => stored.startsWith(SEALED_PREFIX);

/** `from` names where the audit key came from, for the error a wrong key gives. */
export function createSecretBox(auditKey: Buffer, from: string): SecretBox {
  const key = Buffer.from(hkdfSync('sha256', auditKey, Buffer.alloc(0), INFO, 32));
  const keyId = createHmac('sha256', key).update('grape secret key id').digest('hex').slice(0, 16);
  const wrongKey = (hookId: string, id: string): WrongKeyError =>
    new WrongKeyError(
      `The signing secret of webhook ${hookId} is encrypted with key ${id}, but this replica's key is ${keyId} (derived from the audit key, from ${from}): start every replica sharing this database with the same GRAPE_AUDIT_KEY (the one the replica that created the hook used).`,
    );
  return {
    keyId,
    seal(secret, hookId) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(hookId, 'utf8'));
      const body = Buffer.concat([
        cipher.update(secret, 'utf8'),
        cipher.final(),
        cipher.getAuthTag(),
      ]);
      return `${SEALED_PREFIX}${keyId}:${Buffer.concat([iv, body]).toString('base64url')}`;
    },
    open(stored, hookId) {
      const m = /^v1:([0-9a-f]{16}):([A-Za-z0-9_-]+)$/.exec(stored);
      if (!m)
        throw new Error(
          `The signing secret of webhook ${hookId} is not in the sealed form (v1:<key id>:<data>): it may have been edited in the database; delete the hook and create it again.`,
        );
      if (m[1] !== keyId) throw wrongKey(hookId, m[1]!);
      const raw = Buffer.from(m[2]!, 'base64url');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAAD(Buffer.from(hookId, 'utf8'));
        decipher.setAuthTag(raw.subarray(raw.length - 16));
        return Buffer.concat([
          decipher.update(raw.subarray(12, raw.length - 16)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new Error(
          `The signing secret of webhook ${hookId} does not decrypt with key ${keyId}: the stored value was altered or belongs to another hook; delete the hook and create it again.`,
        );
      }
    },
  };
}
