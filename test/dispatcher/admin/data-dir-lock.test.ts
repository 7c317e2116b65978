/** The data directory lock: one holder, named when refused; a dead holder's lock is taken over. */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import {
  acquireDataDirLock,
  DataDirInUseError,
  LOCK_FILE,
  readLockHolder,
} from '../../../dispatcher/src/admin/data-dir-lock.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'grape-lock-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const at = () => new Date('2026-11-30T12:00:00Z');

describe('the data directory lock', () => {
  it('is held by one process; a second taker is refused with the holder named', async () => {
    const lock = await acquireDataDirLock(dir, 'server', at);
    await lock.publish('http://127.0.0.1:8787', 'c'.repeat(64));
    expect((await stat(path.join(dir, LOCK_FILE))).mode & 0o777).toBe(0o600);
    const refused = await acquireDataDirLock(dir, 'cli').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DataDirInUseError);
    expect((refused as Error).message).toBe(
      `The data directory ${dir} is in use by a Grape dispatcher (pid ${process.pid} on ${hostname()}, serving http://127.0.0.1:8787) since 2026-11-30T12:00:00.000Z: its embedded database has one writer at a time. Stop that process first, or give this one another GRAPE_DATA_DIR (or a DATABASE_URL).`,
    );
    expect(await readLockHolder(dir)).toMatchObject({
      kind: 'server',
      controlToken: 'c'.repeat(64),
    });
    await lock.release();
    expect(await readLockHolder(dir)).toBeUndefined();
  });

  it('takes over a lock whose process is gone', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    const pid = Number(dead.stdout);
    await writeFile(
      path.join(dir, LOCK_FILE),
      JSON.stringify({ pid, hostname: hostname(), kind: 'server', startedAt: 'then' }),
    );
    expect(await readLockHolder(dir)).toBeUndefined();
    const lock = await acquireDataDirLock(dir, 'cli');
    expect(JSON.parse(await readFile(path.join(dir, LOCK_FILE), 'utf8'))).toMatchObject({
      pid: process.pid,
      kind: 'cli',
    });
    await lock.release();
  });

  it('leaves alone a lock it does not hold', async () => {
    const lock = await acquireDataDirLock(dir, 'cli');
    const other = { pid: process.pid + 1, hostname: 'elsewhere', kind: 'server', startedAt: 'x' };
    await writeFile(path.join(dir, LOCK_FILE), JSON.stringify(other));
    await lock.release();
    expect(JSON.parse(await readFile(path.join(dir, LOCK_FILE), 'utf8'))).toEqual(other);
  });

  it('names a file that is not a Grape lock instead of guessing', async () => {
    await writeFile(path.join(dir, LOCK_FILE), 'garbage');
    await expect(acquireDataDirLock(dir, 'server')).rejects.toThrow(
      `${path.join(dir, LOCK_FILE)} is not a Grape lock file: remove it if no Grape process uses ${dir}.`,
    );
  });
});
