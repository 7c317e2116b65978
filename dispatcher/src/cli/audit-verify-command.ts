/**
 * `grape audit verify`: proves the audit chain with everything available here — the links, the
 * MACs when the audit key is at hand (GRAPE_AUDIT_KEY, or the data dir's `audit-key`), the
 * anchor when one was kept (GRAPE_AUDIT_ANCHOR, or the data dir's `audit-anchor.json`) — and says
 * how far the proof reaches and what it could not rule out.
 */
import path from 'node:path';
import { AUDIT_ANCHOR_FILE, readAnchor } from '../audit/audit-anchor.js';
import { loadAuditKey } from '../audit/audit-key.js';
import { databaseFromEnv } from '../config.js';
import { CliError, type CliIO } from './cli-io.js';

export async function auditVerify(io: CliIO): Promise<void> {
  const dataDir = path.resolve(process.cwd(), io.env['GRAPE_DATA_DIR']?.trim() || '.grape');
  const key = await loadAuditKey(io.env['GRAPE_AUDIT_KEY']?.trim() || undefined, dataDir, {
    create: false,
  });
  const anchorFile = io.env['GRAPE_AUDIT_ANCHOR']?.trim() || path.join(dataDir, AUDIT_ANCHOR_FILE);
  let anchor;
  try {
    anchor = await readAnchor(anchorFile);
  } catch (error) {
    throw new CliError(`GRAPE_AUDIT_ANCHOR: ${(error as Error).message}`, 2);
  }
  const store = await io.openStore(databaseFromEnv(io.env));
  try {
    const verdict = await store.audit.verify({ key, anchor });
    if (!verdict.ok)
      throw new CliError(
        `audit chain BROKEN at event ${verdict.brokenAt}: ${verdict.reason} (${verdict.events} events before it are intact)`,
        3,
      );
    io.out(
      `audit chain intact: ${verdict.events} events, last seq ${verdict.lastSeq}, head ${verdict.head}`,
    );
    if (verdict.keyed)
      io.out(
        verdict.keyed.from >= verdict.lastSeq
          ? `keyed (key ${verdict.keyed.keyId}) from after event ${verdict.keyed.from}: no keyed events yet`
          : `keyed (key ${verdict.keyed.keyId}): MACs proved for events ${verdict.keyed.from + 1} to ${verdict.lastSeq}; events 1 to ${verdict.keyed.from} predate keying (hash chain only)`,
      );
    if (verdict.anchor)
      io.out(
        `anchor ${anchorFile}: event ${verdict.anchor.seq} (anchored ${verdict.anchor.at}) is in the log with its hash`,
      );
    for (const warning of verdict.warnings) io.err(`warning: ${warning}`);
  } finally {
    await store.close();
  }
}
