/**
 * The isolated engine's directory and processes (src/terraform/isolation/engine-sandbox.ts) with
 * real files, ownership and processes: needs root (uid 0), as CI runs; skipped otherwise.
 */
import {
  link,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { enginePrivilege } from '../../../src/terraform/isolation/engine-privilege.js';
import {
  prepareSandbox,
  type EngineSandbox,
} from '../../../src/terraform/isolation/engine-sandbox.js';
import { spawnProcess } from '../../../src/process/spawn-process.js';

const asRoot = process.getuid?.() === 0;
const USER = { name: '64041:64041', uid: 64041, gid: 64041 };

(asRoot ? describe : describe.skip)(
  `the isolated engine's sandbox${asRoot ? '' : ' [skipped: needs root (uid 0) to change owners and uids]'}`,
  () => {
    let dir: string;
    let repo: string;
    let shared: string;
    let outside: string;
    let sandbox: EngineSandbox;
    const recorded: string[] = [];

    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'grape-sandbox-test-'));
      repo = path.join(dir, 'repo');
      shared = path.join(dir, 'plugins', 'terraform-linux-amd64');
      outside = path.join(dir, 'root-only.txt');
      await writeFile(outside, 'root only');
      await mkdir(path.join(dir, 'tools'));
      await writeFile(path.join(dir, 'tools', 'terraform'), '#!/bin/sh\necho engine\n', {
        mode: 0o700,
      });
      await mkdir(path.join(repo, 'infra', '.terraform'), { recursive: true });
      await mkdir(path.join(repo, '.git'));
      await writeFile(path.join(repo, '.git', 'config'), 'extraheader = AUTHORIZATION: basic x');
      await writeFile(path.join(repo, 'infra', 'main.tf'), '');
      await symlink(outside, path.join(repo, 'infra', 'leak'));
      await mkdir(path.join(shared, 'registry.terraform.io'), { recursive: true });
      await writeFile(path.join(shared, 'registry.terraform.io', 'provider'), 'bin');
      sandbox = await prepareSandbox(
        enginePrivilege('root', USER, spawnProcess),
        {
          repositoryRoot: repo,
          workingDirectory: path.join(repo, 'infra'),
          pluginDir: shared,
          tempDir: path.join(dir, 'action-temp'),
          binaryPath: path.join(dir, 'tools', 'terraform'),
        },
        { spawn: spawnProcess, record: (d) => recorded.push(d), tempBase: dir },
      );
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('works in its own copy of the repository, without .git, owned by the engine', async () => {
      expect(sandbox.workingDirectory).toBe(path.join(sandbox.repositoryRoot, 'infra'));
      expect(recorded).toEqual([path.dirname(sandbox.repositoryRoot)]);
      await expect(lstat(path.join(sandbox.repositoryRoot, '.git'))).rejects.toThrow(/ENOENT/);
      expect((await stat(path.join(sandbox.workingDirectory, 'main.tf'))).uid).toBe(USER.uid);
    });

    it('copies a link as a link and changes its owner, not its target', async () => {
      const leak = await lstat(path.join(sandbox.workingDirectory, 'leak'));
      expect([leak.isSymbolicLink(), leak.uid]).toEqual([true, USER.uid]);
      expect((await stat(outside)).uid).toBe(0);
    });

    it('runs the verified engine binary from its own directory, readable but not writable by the engine', async () => {
      expect(sandbox.binaryPath).toBe(
        path.join(path.dirname(sandbox.repositoryRoot), 'bin', 'terraform'),
      );
      const bin = await stat(sandbox.binaryPath);
      expect([bin.uid, bin.mode & 0o777]).toEqual([0, 0o755]);
    });

    it("keeps the directory itself the action's, in the engine's group, and the plan directory shared", async () => {
      const base = await stat(path.dirname(sandbox.repositoryRoot));
      expect([base.uid, base.gid, base.mode & 0o777]).toEqual([0, USER.gid, 0o750]);
      const plan = await stat(path.dirname(sandbox.planFile));
      expect([plan.uid, plan.gid, plan.mode & 0o777]).toEqual([0, USER.gid, 0o770]);
    });

    it("seeds the plugin cache with the shared files, left the action's, in directories the engine owns", async () => {
      const file = await stat(path.join(sandbox.pluginDir, 'registry.terraform.io', 'provider'));
      const sub = await stat(path.join(sandbox.pluginDir, 'registry.terraform.io'));
      expect([file.uid, sub.uid]).toEqual([0, USER.uid]);
    });

    it('runs commands as the engine user, who cannot read the action files', async () => {
      const child = sandbox.spawn('sh', ['-c', `id -u; cat ${outside} 2>&1; true`], {
        cwd: sandbox.workingDirectory,
        env: { PATH: process.env['PATH']! },
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      await child.exited;
      expect(out).toMatch(new RegExp(`^${USER.uid}\\n.*Permission denied`));
    });

    it('kills whatever a command left running as the engine user when the command ends', async () => {
      const child = sandbox.spawn('sh', ['-c', 'sleep 300 >/dev/null 2>&1 & echo $!'], {
        cwd: sandbox.workingDirectory,
        env: { PATH: process.env['PATH']! },
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      await child.exited;
      const pid = Number(out.trim());
      expect(pid).toBeGreaterThan(0);
      let alive = true;
      for (let i = 0; i < 50 && alive; i++) {
        try {
          // A killed child of an exited shell is reaped by init; until then it is a zombie.
          const status = await readFile(`/proc/${pid}/status`, 'utf8');
          alive = !/^State:\s+Z/m.test(status);
        } catch {
          alive = false;
        }
        if (alive) await new Promise((r) => setTimeout(r, 20));
      }
      expect(alive).toBe(false);
    });

    it('reads back a plain plan file, and refuses a link or a hard link in its place', async () => {
      await writeFile(sandbox.planFile, 'plan');
      expect((await sandbox.readPlan()).toString()).toBe('plan');
      await rm(sandbox.planFile);
      await symlink(outside, sandbox.planFile);
      await expect(sandbox.readPlan()).rejects.toThrow(/may have replaced it with a link/);
      await rm(sandbox.planFile);
      await link(outside, sandbox.planFile);
      await expect(sandbox.readPlan()).rejects.toThrow(/is not a plain file \(2 links\)/);
      await rm(sandbox.planFile);
    });

    it('adds providers the run downloaded to the shared cache, never replacing one', async () => {
      await writeFile(path.join(sandbox.pluginDir, 'registry.terraform.io', 'new-provider'), 'new');
      await sandbox.savePlugins();
      expect(
        await readFile(path.join(shared, 'registry.terraform.io', 'new-provider'), 'utf8'),
      ).toBe('new');
      expect(await readFile(path.join(shared, 'registry.terraform.io', 'provider'), 'utf8')).toBe(
        'bin',
      );
    });
  },
);
