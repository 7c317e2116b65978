/**
 * Where the CLI's operator commands run. On the embedded database (PGlite in GRAPE_DATA_DIR) there
 * is one writer at a time: when a dispatcher holds the data directory, the command goes to it over
 * its local control route (authenticated by the credential it published, owner-only, in the lock
 * file); when none does, the CLI takes the lock itself and opens the database for the length of the
 * command. On PostgreSQL (DATABASE_URL) many writers are fine: the CLI opens it directly.
 */
import path from 'node:path';
import {
  AdminError,
  runAdminOperation,
  type AdminArgs,
  type AdminOperation,
  type AdminResults,
  type RunAdmin,
} from '../admin/admin-operations.js';
import {
  acquireDataDirLock,
  DataDirInUseError,
  lockDirOf,
  readLockHolder,
  type LockHolder,
} from '../admin/data-dir-lock.js';
import {
  auditEvidenceSource,
  loadAuditEvidence,
  type AuditEvidenceSource,
} from '../audit/audit-evidence.js';
import { loadAuditKey } from '../audit/audit-key.js';
import { databaseFromEnv } from '../config.js';
import { CliError, type CliIO } from './cli-io.js';

/** How long to wait for a starting server's address, or another command's end (polls of 250 ms). */
const STARTING_POLLS = 40;

const actorOf = (io: CliIO): string =>
  `cli:${(io.env['USER'] || 'operator').replace(/[^\w.@-]/g, '_').slice(0, 64)}`;

/** The dispatcher's data directory (GRAPE_DATA_DIR): where its audit key and anchor live. */
export const dataDirOf = (io: CliIO): string =>
  path.resolve(process.cwd(), io.env['GRAPE_DATA_DIR']?.trim() || '.grape');

function direct(io: CliIO) {
  return async <T>(fn: (admin: RunAdmin) => Promise<T>): Promise<T> => {
    const evidence: AuditEvidenceSource = auditEvidenceSource(io.env, dataDirOf(io));
    const store = await io.openStore(databaseFromEnv(io.env));
    try {
      // Events this command appends are sealed like the server's, once a key exists.
      const key = await loadAuditKey(evidence.keyFromEnv, evidence.dataDir, { create: false });
      if (key) await store.audit.seal(key);
      return await fn(async (operation, args) => {
        try {
          return await runAdminOperation(
            store,
            operation,
            args,
            { actor: actorOf(io), sourceIp: 'cli' },
            {
              auditEvidence: () =>
                loadAuditEvidence(evidence).catch((error: Error) => {
                  throw new CliError(error.message);
                }),
            },
          );
        } catch (error) {
          if (error instanceof AdminError) throw new CliError(error.message);
          throw error;
        }
      });
    } finally {
      await store.close();
    }
  };
}

function remote(io: CliIO, holder: Required<Pick<LockHolder, 'url' | 'controlToken'>>): RunAdmin {
  return async <O extends AdminOperation>(
    operation: O,
    args: AdminArgs<O>,
  ): Promise<AdminResults[O]> => {
    let response: Response;
    try {
      response = await io.fetch(`${holder.url}/v1/control/${operation}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${holder.controlToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ actor: actorOf(io), args }),
      });
    } catch (error) {
      throw new CliError(
        `The dispatcher holding this data directory does not answer at ${holder.url}: ${(error as Error).message}. Is it still starting or stopping? Try again in a moment.`,
      );
    }
    const body = (await response.json().catch(() => ({}))) as {
      result?: AdminResults[O];
      message?: string;
    };
    if (!response.ok || body.result === undefined)
      throw new CliError(
        body.message ?? `The dispatcher at ${holder.url} answered ${response.status}.`,
      );
    return body.result;
  };
}

/** Runs `fn` with the operator commands, through the running server or on the database itself. */
export async function withAdmin<T>(io: CliIO, fn: (admin: RunAdmin) => Promise<T>): Promise<T> {
  const location = databaseFromEnv(io.env);
  const runDirect = direct(io);
  if (location.kind !== 'pglite' || location.dataDir === undefined) return runDirect(fn);
  const dir = lockDirOf(location.dataDir);
  for (let poll = 0; ; poll++) {
    let holder: LockHolder | undefined;
    try {
      holder = await readLockHolder(dir);
    } catch (error) {
      throw new CliError((error as Error).message);
    }
    if (holder?.kind === 'server' && holder.url && holder.controlToken)
      return fn(remote(io, { url: holder.url, controlToken: holder.controlToken }));
    if (!holder) {
      let lock;
      try {
        lock = await acquireDataDirLock(dir, 'cli');
      } catch (error) {
        if (!(error instanceof DataDirInUseError)) throw error;
        holder = error.holder; // someone got there first: look again
      }
      if (lock) {
        try {
          return await runDirect(fn);
        } finally {
          await lock.release();
        }
      }
    }
    // A server that is starting publishes its address once it listens; another command ends soon.
    if (poll >= STARTING_POLLS) throw new CliError(new DataDirInUseError(dir, holder!).message);
    await io.sleep(250);
  }
}
