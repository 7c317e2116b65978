/** The machine facts isolation depends on (decide-isolation.ts), read through the one spawn seam. */
import { readFile } from 'node:fs/promises';
import { GrapeError } from '../../errors.js';
import type { Spawn } from '../../process/spawn-process.js';
import type { IsolationHost } from './decide-isolation.js';
import { sudoRoot } from './sudo-command.js';

async function exitOf(spawn: Spawn, command: string, args: readonly string[]) {
  try {
    const child = spawn(command, args, {
      cwd: '/',
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' },
    });
    let stderr = '';
    child.stdout.resume();
    const [exit] = await Promise.all([
      child.exited,
      (async () => {
        for await (const chunk of child.stderr) stderr += (chunk as Buffer).toString();
      })(),
    ]);
    return { code: exit.code, stderr: stderr.trim() };
  } catch (error) {
    return { code: null, stderr: (error as Error).message };
  }
}

export function isolationHost(spawn: Spawn): IsolationHost {
  return {
    uid: process.getuid?.(),
    readPasswd: () => readFile('/etc/passwd', 'utf8').catch(() => undefined),
    canSudo: async () => (await exitOf(spawn, 'sudo', ['-n', 'true'])).code === 0,
    createAccount: async (name) => {
      const c = sudoRoot('useradd', [
        '--system',
        '--user-group',
        '--no-create-home',
        '--home-dir',
        '/nonexistent',
        '--shell',
        '/usr/sbin/nologin',
        name,
      ]);
      const result = await exitOf(spawn, c.command, c.args);
      if (result.code !== 0)
        throw new GrapeError(
          `Tenant isolation: could not create the account '${name}' with \`sudo useradd\` (exit ${result.code}): ${result.stderr || 'no message'}. Create it on the runner image, or set 'engine-user' to an existing unprivileged account.`,
        );
    },
  };
}
