/**
 * One writer per embedded database. PGlite is an in-process database: two processes opening the
 * same directory each see their own copy and the last to close wins, so whatever the other one
 * acknowledged is lost. Whoever opens GRAPE_DATA_DIR's database — the server, or an admin command
 * when no server runs — first takes `<data dir>/grape.lock`: a file created atomically (link(2)
 * fails when it exists) holding the holder's pid, host and, for a server, its loopback address and
 * a per-start control credential (owner-only, mode 0600: only the data directory's owner can read
 * it and so talk to the control route). A lock whose pid is gone on this host is stale and taken
 * over. (proper-lockfile was considered: its staleness is mtime-based and it records no pid or
 * address, which are what the CLI needs to find the running server.)
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const LOCK_FILE = 'grape.lock';

export interface LockHolder {
  readonly pid: number;
  readonly hostname: string;
  readonly kind: 'server' | 'cli';
  readonly startedAt: string;
  /** A server's loopback base URL, once it listens. */
  readonly url?: string;
  /** A server's control credential, once it listens. */
  readonly controlToken?: string;
}

export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    const who =
      holder.kind === 'server'
        ? `a Grape dispatcher (pid ${holder.pid} on ${holder.hostname}${holder.url ? `, serving ${holder.url}` : ', starting'})`
        : `a grape command (pid ${holder.pid} on ${holder.hostname})`;
    super(
      `The data directory ${dataDir} is in use by ${who} since ${holder.startedAt}: its embedded database has one writer at a time. Stop that process first, or give this one another GRAPE_DATA_DIR (or a DATABASE_URL).`,
    );
  }
}

export interface DataDirLock {
  readonly holder: LockHolder;
  /** Records the server's address and control credential for the CLI (server only). */
  publish(url: string, controlToken: string): Promise<void>;
  release(): Promise<void>;
}

/** Whether a process with this pid exists on this host (EPERM: it exists, owned by another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live holder of the lock, or undefined when the lock is free or stale. */
export async function readLockHolder(dataDir: string): Promise<LockHolder | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dataDir, LOCK_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let holder: LockHolder;
  try {
    holder = JSON.parse(text) as LockHolder;
  } catch {
    // Written whole before it is linked into place: an unreadable lock was not written by Grape.
    throw new Error(
      `${path.join(dataDir, LOCK_FILE)} is not a Grape lock file: remove it if no Grape process uses ${dataDir}.`,
    );
  }
  if (holder.hostname === hostname() && !alive(holder.pid)) return undefined;
  return holder;
}

async function writeWhole(file: string, holder: LockHolder): Promise<string> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(temp, `${JSON.stringify(holder)}\n`, { mode: 0o600, flag: 'wx' });
  return temp;
}

/** Takes the lock or throws DataDirInUseError naming the live holder. */
export async function acquireDataDirLock(
  dataDir: string,
  kind: LockHolder['kind'],
  clock: () => Date = () => new Date(),
): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, LOCK_FILE);
  let holder: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    kind,
    startedAt: clock().toISOString(),
  };
  for (let attempt = 0; ; attempt++) {
    const temp = await writeWhole(file, holder);
    try {
      await link(temp, file);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const current = await readLockHolder(dataDir);
      if (current) throw new DataDirInUseError(dataDir, current);
      if (attempt >= 3) throw error;
      // Stale: its process is gone. Another starter may remove it at the same time; link decides.
      await unlink(file).catch(() => undefined);
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }
  let released = false;
  return {
    get holder() {
      return holder;
    },
    async publish(url, controlToken) {
      holder = { ...holder, url, controlToken };
      const temp = await writeWhole(file, holder);
      await rename(temp, file);
    },
    async release() {
      if (released) return;
      released = true;
      let current: Partial<LockHolder>;
      try {
        current = JSON.parse(await readFile(file, 'utf8')) as LockHolder;
      } catch {
        return;
      }
      if (current.pid === process.pid && current.hostname === holder.hostname)
        await unlink(file).catch(() => undefined);
    },
  };
}

/** The data directory whose lock guards a PGlite database directory (`<data dir>/pglite`). */
export const lockDirOf = (pgliteDir: string): string => path.dirname(pgliteDir);
