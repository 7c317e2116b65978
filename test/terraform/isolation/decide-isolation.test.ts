/**
 * How the action settles isolation (src/terraform/isolation/decide-isolation.ts) on the three
 * kinds of runner: root, passwordless sudo (GitHub-hosted), neither. The exact messages are the
 * contract: a refusal names who required it and what to change; the warning names the risk.
 */
import {
  decideIsolation,
  type IsolationHost,
} from '../../../src/terraform/isolation/decide-isolation.js';
import type { IsolationConfig } from '../../../src/config/isolation-config.js';
import { recordingIO } from '../../harness/fake-io.js';
import { recordSpawn } from './record-spawn.js';

const PASSWD = 'root:x:0:0:root:/root:/bin/bash\nrunner:x:1001:118::/home/runner:/bin/bash\n';
const config = (over: Partial<IsolationConfig> = {}): IsolationConfig => ({
  mode: 'on',
  engineUser: 'grape-engine',
  requiredBySpec: false,
  ...over,
});
const host = (over: Partial<IsolationHost> = {}): IsolationHost & { created: string[] } => {
  const created: string[] = [];
  let passwd = PASSWD;
  return {
    created,
    uid: 1001,
    readPasswd: async () => passwd,
    canSudo: async () => false,
    createAccount: async (name) => {
      created.push(name);
      passwd += `${name}:x:998:998::/nonexistent:/usr/sbin/nologin\n`;
    },
    ...over,
  };
};
const warnings = (io: ReturnType<typeof recordingIO>) =>
  io.annotations.filter((a) => a.level === 'warning').map((a) => a.message);

describe('isolation off (the self-serve default)', () => {
  it('runs terraform as the action and warns once, naming the risk', async () => {
    const io = recordingIO();
    const { spawn, calls } = recordSpawn();
    expect(
      await decideIsolation(config({ mode: 'off' }), host({ uid: 0 }), spawn, io),
    ).toBeUndefined();
    expect(warnings(io)).toEqual([
      expect.stringMatching(
        /^Tenant isolation is off: terraform and the module's code .* can read the runner's tokens from \/proc\/<pid>\/environ .* write GITHUB_ENV, GITHUB_OUTPUT and GITHUB_STATE/,
      ),
    ]);
    expect(calls).toEqual([]);
  });
});

describe('a runner where the action is root', () => {
  it('isolates as grape-engine when the account exists', async () => {
    const io = recordingIO();
    const { spawn } = recordSpawn();
    const h = host({
      uid: 0,
      readPasswd: async () => `${PASSWD}grape-engine:x:64100:64100::/:/bin/false\n`,
    });
    const privilege = await decideIsolation(config(), h, spawn, io);
    expect(privilege?.kind).toBe('root');
    expect(io.logs).toContain(
      'Tenant isolation: terraform runs as uid 64100, gid 64100 (grape-engine).',
    );
    expect(warnings(io)).toEqual([]);
  });

  it('falls back to uid/gid 64040 without an account, and never creates one', async () => {
    const io = recordingIO();
    const h = host({ uid: 0 });
    expect((await decideIsolation(config(), h, recordSpawn().spawn, io))?.kind).toBe('root');
    expect(io.logs).toContain(
      'Tenant isolation: terraform runs as uid 64040, gid 64040 (64040:64040).',
    );
    expect(h.created).toEqual([]);
  });

  it('refuses an engine-user that is root', async () => {
    await expect(
      decideIsolation(
        config({ engineUser: 'root' }),
        host({ uid: 0 }),
        recordSpawn().spawn,
        recordingIO(),
      ),
    ).rejects.toThrow(
      "Input 'engine-user': 'root' is root or has root's group (uid 0, gid 0): terraform must run without privileges. Name an unprivileged account, e.g. 'grape-engine'.",
    );
  });

  it('refuses a named account that does not exist, saying how to create it', async () => {
    await expect(
      decideIsolation(
        config({ engineUser: 'tf' }),
        host({ uid: 0 }),
        recordSpawn().spawn,
        recordingIO(),
      ),
    ).rejects.toThrow(
      "Input 'engine-user': no account 'tf' on this machine. Create it (e.g. 'useradd --system --no-create-home --shell /usr/sbin/nologin tf') or give 'uid:gid', e.g. '64040:64040'.",
    );
  });
});

describe('a GitHub-hosted runner (an ordinary user with passwordless sudo)', () => {
  it('creates the default account once and isolates through sudo', async () => {
    const io = recordingIO();
    const h = host({ canSudo: async () => true });
    const privilege = await decideIsolation(config(), h, recordSpawn().spawn, io);
    expect(privilege?.kind).toBe('sudo');
    expect(h.created).toEqual(['grape-engine']);
    expect(io.logs).toContain(
      'Tenant isolation: terraform runs through sudo as grape-engine (uid 998, gid 998).',
    );
  });

  it('refuses a uid:gid (sudo needs an account name)', async () => {
    await expect(
      decideIsolation(
        config({ engineUser: '64040:64040' }),
        host({ canSudo: async () => true }),
        recordSpawn().spawn,
        recordingIO(),
      ),
    ).rejects.toThrow(
      /^Input 'engine-user': '64040:64040' is a uid:gid, but this action is not root/,
    );
  });
});

describe('a runner with neither (some self-hosted runners)', () => {
  it('refuses when the spec requires isolation, naming the spec and the fix', async () => {
    await expect(
      decideIsolation(
        config({ mode: 'required', requiredBySpec: true }),
        host(),
        recordSpawn().spawn,
        recordingIO(),
      ),
    ).rejects.toThrow(
      'Tenant isolation is required by the deployment spec, but the action runs as uid 1001, not as root, and has no passwordless sudo, so it cannot start terraform as another user. Run this job where the action is root or has passwordless sudo (GitHub-hosted runners have it; see docs/security.md, "Self-hosted runners"); the module was not run.',
    );
  });

  it('refuses when the input requires it, naming the input', async () => {
    await expect(
      decideIsolation(config({ mode: 'required' }), host(), recordSpawn().spawn, recordingIO()),
    ).rejects.toThrow(/^Tenant isolation is required \(input 'isolation: required'\), but/);
  });

  it('warns once when isolation is only asked for', async () => {
    const io = recordingIO();
    expect(await decideIsolation(config(), host(), recordSpawn().spawn, io)).toBeUndefined();
    expect(warnings(io)).toEqual([
      expect.stringMatching(
        /^Tenant isolation is on but unavailable: the action runs as uid 1001, not as root, .* So terraform and the module's code/,
      ),
    ]);
  });
});
