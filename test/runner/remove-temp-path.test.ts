/**
 * The post step's removal of a temp path (src/runner/remove-temp-path.ts): plain rm, and
 * `sudo -n rm -rf` only where rm is refused to an action that is not root (isolation via sudo).
 */
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { removeTempPath, type RemoveDeps } from '../../src/runner/remove-temp-path.js';

const refused = (code: string) => async () => {
  throw Object.assign(new Error(`${code}: permission denied, rmdir '/tmp/grape-engine-x/work'`), {
    code,
  });
};

describe('removeTempPath', () => {
  const calls: string[][] = [];
  const deps = (over: Partial<RemoveDeps>): RemoveDeps => ({
    run: async (c, a) => void calls.push([c, ...a]),
    uid: 1001,
    remove: async () => undefined,
    ...over,
  });
  beforeEach(() => {
    calls.length = 0;
  });

  it('removes a directory with rm, without sudo', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'grape-remove-'));
    await mkdir(path.join(dir, 'run', '.terraform'), { recursive: true });
    await removeTempPath(path.join(dir, 'run'));
    await expect(stat(path.join(dir, 'run'))).rejects.toThrow(/ENOENT/);
    await rm(dir, { recursive: true, force: true });
  });

  it.each(['EACCES', 'EPERM'])(
    'falls back to sudo -n rm -rf when rm is refused with %s (not root)',
    async (code) => {
      await removeTempPath('/tmp/grape-engine-x', deps({ remove: refused(code) }));
      expect(calls).toEqual([['sudo', '-n', '--', 'rm', '-rf', '--', '/tmp/grape-engine-x']]);
    },
  );

  it('passes the refusal on for root, which sudo would not help, and any other error', async () => {
    await expect(removeTempPath('/x', deps({ uid: 0, remove: refused('EACCES') }))).rejects.toThrow(
      /^EACCES/,
    );
    await expect(removeTempPath('/x', deps({ remove: refused('EBUSY') }))).rejects.toThrow(
      /^EBUSY/,
    );
    expect(calls).toEqual([]);
  });
});
