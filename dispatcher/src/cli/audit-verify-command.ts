/**
 * `grape audit verify`: proves the audit chain with everything available to whoever holds the
 * data directory — the links, the MACs when the audit key is at hand (GRAPE_AUDIT_KEY, or the data
 * dir's `audit-key`), the anchor when one was kept (GRAPE_AUDIT_ANCHOR, or the data dir's
 * `audit-anchor.json`) — and says how far the proof reaches and what it could not rule out. It runs
 * through the running server when one holds the embedded database (admin-client.ts).
 */
import { withAdmin } from './admin-client.js';
import { CliError, type CliIO } from './cli-io.js';
import { EXIT } from './exit-codes.js';

export async function auditVerify(io: CliIO, options: { json?: boolean }): Promise<void> {
  const { verdict, anchorFile } = await withAdmin(io, (run) => run('audit.verify', {}));
  if (options.json) io.out(JSON.stringify(verdict, null, 2));
  if (!verdict.ok)
    throw new CliError(
      `audit chain BROKEN at event ${verdict.brokenAt}: ${verdict.reason} (${verdict.events} events before it are intact)`,
      EXIT.auditBroken,
    );
  if (options.json) return;
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
}
