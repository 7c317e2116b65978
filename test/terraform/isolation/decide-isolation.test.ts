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
const RANGE = { kind: 'per-run', first: 70000, last: 70009 } as const;
const config = (over: Partial<IsolationConfig> = {}): IsolationConfig => ({
  mode: 'on',
  engineUser: RANGE,
  requiredBySpec: false,
  ...over,
});
const fixed = (user: string) => config({ engineUser: { kind: 'fixed', user } });
const host = (over: Partial<IsolationHost> = {}): IsolationHost & { claims: number[] } => {
  const claims: number[] = [];
  return {
    claims,
    uid: 1001,
    readPasswd: async () => PASSWD,
    canSudo: async () => false,
    idsInUse: async () => new Set([0, 1001, 118]),
    claim: async (id) => {
      claims.push(id);
      return `/tmp/grape-engine-${id}`;
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
  it("gives the run a uid and gid of its own from the range, claims it, and makes the claim the engine's directory", async () => {
    const io = recordingIO();
    const h = host({ uid: 0 });
    const privilege = await decideIsolation(config(), h, recordSpawn().spawn, io);
    expect(privilege?.kind).toBe('root');
    const uid = privilege!.user.uid;
    expect(uid).toBeGreaterThanOrEqual(70000);
    expect(uid).toBeLessThanOrEqual(70009);
    expect(privilege!.user.gid).toBe(uid);
    expect(h.claims).toEqual([uid]);
    expect(privilege!.claim).toBe(`/tmp/grape-engine-${uid}`);
    expect(io.logs).toContain(
      `Tenant isolation: terraform runs as uid ${uid}, gid ${uid} (this run's own, no account).`,
    );
    expect(warnings(io)).toEqual([]);
    // For the post step, should the runner kill the main step mid-command (reap-after-cancel.ts).
    expect(JSON.parse(io.state['grape-engine-user']!)).toEqual({ kind: 'root', uid, gid: uid });
  });

  it('gives up with a clear message when the range has no free id', async () => {
    const h = host({ uid: 0, claim: async () => undefined });
    await expect(decideIsolation(config(), h, recordSpawn().spawn, recordingIO())).rejects.toThrow(
      "Tenant isolation: found no free uid for this run in 70000-70009 after 32 tries (each id in use by a process, an account or a group, or claimed by a grape-engine-<id> directory in the temp directory). Give 'engine-user' a larger range, e.g. '1879048192-1879113727', or remove stale grape-engine-* directories.",
    );
  });

  it('runs as a fixed engine-user account when one is given, saying every run shares it', async () => {
    const io = recordingIO();
    const h = host({
      uid: 0,
      readPasswd: async () => `${PASSWD}grape-engine:x:64100:64100::/:/bin/false\n`,
    });
    const privilege = await decideIsolation(fixed('grape-engine'), h, recordSpawn().spawn, io);
    expect([privilege?.kind, privilege?.claim, h.claims]).toEqual(['root', undefined, []]);
    expect(io.logs).toContain(
      "Tenant isolation: terraform runs as uid 64100, gid 64100 (grape-engine, the 'engine-user' every run on this machine shares).",
    );
  });

  it('refuses an engine-user that is root', async () => {
    await expect(
      decideIsolation(fixed('root'), host({ uid: 0 }), recordSpawn().spawn, recordingIO()),
    ).rejects.toThrow(
      "Input 'engine-user': 'root' is root or has root's group (uid 0, gid 0): terraform must run without privileges. Leave 'engine-user' empty (a uid of its own for each run) or name an unprivileged account, e.g. 'grape-engine'.",
    );
  });

  it('refuses a named account that does not exist, saying how to create it', async () => {
    await expect(
      decideIsolation(fixed('tf'), host({ uid: 0 }), recordSpawn().spawn, recordingIO()),
    ).rejects.toThrow(
      "Input 'engine-user': no account 'tf' on this machine. Create it (e.g. 'useradd --system --no-create-home --shell /usr/sbin/nologin tf'), give 'uid:gid', e.g. '64040:64040', or leave 'engine-user' empty for a uid of its own for each run.",
    );
  });
});

describe('a GitHub-hosted runner (an ordinary user with passwordless sudo)', () => {
  it('isolates through sudo as a uid of its own, with no account to create', async () => {
    const io = recordingIO();
    const h = host({ canSudo: async () => true });
    const privilege = await decideIsolation(config(), h, recordSpawn().spawn, io);
    expect(privilege?.kind).toBe('sudo');
    const uid = privilege!.user.uid;
    expect(h.claims).toEqual([uid]);
    expect(io.logs).toContain(
      `Tenant isolation: terraform runs through sudo as uid ${uid}, gid ${uid} (this run's own, no account).`,
    );
  });

  it('takes a fixed uid:gid too (setpriv needs no account)', async () => {
    const io = recordingIO();
    const privilege = await decideIsolation(
      fixed('64040:64040'),
      host({ canSudo: async () => true }),
      recordSpawn().spawn,
      io,
    );
    expect([privilege?.kind, privilege?.user]).toEqual([
      'sudo',
      { name: '64040:64040', uid: 64040, gid: 64040 },
    ]);
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
      'Tenant isolation is required by the deployment spec, but the action runs as uid 1001, not as root, and has no passwordless sudo (with setpriv, from util-linux), so it cannot start terraform as another user. Run this job where the action is root or has passwordless sudo (GitHub-hosted runners have it; see docs/security.md, "Self-hosted runners"); the module was not run.',
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
