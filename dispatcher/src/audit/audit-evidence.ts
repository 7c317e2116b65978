/**
 * What `audit verify` proves the chain with beyond its own links: the audit key and the anchored
 * head, both kept outside the database (audit-key.ts, audit-anchor.ts). Loaded by whoever holds the
 * data directory — the running server for the CLI's control route, or the CLI itself when no server
 * runs — so the proof is the same either way.
 */
import path from 'node:path';
import { AUDIT_ANCHOR_FILE, readAnchor, type AuditAnchor } from './audit-anchor.js';
import { loadAuditKey, type AuditKey } from './audit-key.js';

export interface AuditEvidence {
  readonly key: AuditKey | undefined;
  readonly anchor: AuditAnchor | undefined;
  readonly anchorFile: string;
}

/** Where the evidence lives: GRAPE_AUDIT_KEY / GRAPE_AUDIT_ANCHOR, else files in the data dir. */
export interface AuditEvidenceSource {
  readonly keyFromEnv: string | undefined;
  readonly anchorFile: string | undefined;
  readonly dataDir: string;
}

export const auditEvidenceSource = (
  env: NodeJS.ProcessEnv,
  dataDir: string,
): AuditEvidenceSource => ({
  keyFromEnv: env['GRAPE_AUDIT_KEY']?.trim() || undefined,
  anchorFile: env['GRAPE_AUDIT_ANCHOR']?.trim() || undefined,
  dataDir,
});

/** Never makes a key: verifying must not create the evidence it checks against. */
export async function loadAuditEvidence(source: AuditEvidenceSource): Promise<AuditEvidence> {
  const key = await loadAuditKey(source.keyFromEnv, source.dataDir, { create: false });
  const anchorFile = source.anchorFile ?? path.join(source.dataDir, AUDIT_ANCHOR_FILE);
  let anchor: AuditAnchor | undefined;
  try {
    anchor = await readAnchor(anchorFile);
  } catch (error) {
    throw new Error(`GRAPE_AUDIT_ANCHOR: ${(error as Error).message}`, { cause: error });
  }
  return { key, anchor, anchorFile };
}
