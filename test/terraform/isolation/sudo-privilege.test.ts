/**
 * Isolation through sudo (GitHub-hosted runners), as the command lines the action runs: above all
 * that no secret of the engine's environment reaches an argv (/proc/<pid>/cmdline is readable by
 * every user) and that every chown follows no link. test/terraform/isolation-sudo.e2e.test.ts runs
 * them through a real sudo, as a non-root runner user.
 */
import { enginePrivilege } from '../../../src/terraform/isolation/engine-privilege.js';
import { sudoAs } from '../../../src/terraform/isolation/sudo-command.js';
import { recordSpawn } from './record-spawn.js';

const USER = { name: '1879048300:1879048300', uid: 1879048300, gid: 1879048300 };
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const ENV = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  HOME: '/tmp/grape-engine-x/home',
  TMPDIR: '/tmp/grape-engine-x/home/tmp',
  AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
  AWS_SECRET_ACCESS_KEY: SECRET,
  TF_VAR_region: 'eu-west-1',
};

describe('sudoAs', () => {
  it('drops to the uid/gid with setpriv, passes the environment by name (--preserve-env), never by value, and PATH/HOME/TMPDIR through env', () => {
    expect(sudoAs(USER, '/opt/terraform', ['plan', '-input=false'], ENV, '/e/work')).toEqual({
      command: 'sudo',
      args: [
        '-n',
        '--preserve-env=AWS_ACCESS_KEY_ID,AWS_SECRET_ACCESS_KEY,TF_VAR_region',
        '--',
        'setpriv',
        '--reuid=1879048300',
        '--regid=1879048300',
        '--clear-groups',
        '--no-new-privs',
        '--',
        'env',
        '--chdir=/e/work',
        'PATH=/usr/local/bin:/usr/bin:/bin',
        'HOME=/tmp/grape-engine-x/home',
        'TMPDIR=/tmp/grape-engine-x/home/tmp',
        '/opt/terraform',
        'plan',
        '-input=false',
      ],
    });
  });

  it('leaves out names that a comma-separated list cannot carry', () => {
    const { args } = sudoAs(USER, 'tf', [], { 'INPUT_GITHUB-TOKEN': 'x', 'A,B': 'y', OK: 'z' });
    expect(args[1]).toBe('--preserve-env=OK');
  });
});

describe('the sudo privilege', () => {
  it('spawns the engine through sudo with the secrets only in the environment', async () => {
    const { spawn, calls } = recordSpawn();
    const privilege = enginePrivilege('sudo', USER, spawn);
    await privilege.spawn('/opt/terraform', ['apply'], { cwd: '/w', env: ENV }).exited;
    expect(calls[0]!.command).toBe('sudo');
    expect(calls[0]!.args.join(' ')).not.toContain(SECRET);
    expect(calls[0]!.options.env['AWS_SECRET_ACCESS_KEY']).toBe(SECRET);
    expect(calls[0]!.options).not.toHaveProperty('uid');
    // The action cannot enter the engine's directory: sudo starts in /, the engine's uid changes in.
    expect(calls[0]!.options.cwd).toBe('/');
    expect(calls[0]!.args).toContain('--chdir=/w');
  });

  it('chowns without following links, gives the plugin cache its directories only, and kills what the engine left', async () => {
    const { spawn, calls } = recordSpawn();
    const privilege = enginePrivilege('sudo', USER, spawn);
    await privilege.giveTree('/tmp/e/work');
    await privilege.giveDirectories('/tmp/e/plugins');
    await privilege.shareGroup('/tmp/e/plan');
    await privilege.reap();
    expect(calls.map((c) => [c.command, ...c.args].join(' '))).toEqual([
      'sudo -n -- chown -hR 1879048300:1879048300 -- /tmp/e/work',
      'sudo -n -- find /tmp/e/plugins -type d -exec chown -h 1879048300:1879048300 {} +',
      'sudo -n -- chgrp -h 1879048300 -- /tmp/e/plan',
      'sudo -n -- setpriv --reuid=1879048300 --regid=1879048300 --clear-groups --no-new-privs -- env --chdir=/ kill -9 -1',
    ]);
  });

  it("fails with the command and sudo's message when sudo refuses", async () => {
    const { spawn } = recordSpawn(() => 1);
    await expect(enginePrivilege('sudo', USER, spawn).giveTree('/tmp/e/work')).rejects.toThrow(
      'Tenant isolation: `sudo -n -- chown -hR 1879048300:1879048300 -- /tmp/e/work` failed (exit 1): sudo: a password is required.',
    );
  });
});
