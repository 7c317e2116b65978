/**
 * Issue 15's hostile module (test/fixtures/modules/hostile), run by the bundled action through
 * the runner emulation with real Terraform and the loopback OIDC issuer, STS and a dispatcher's
 * report endpoint. Its local-exec provisioner tries, with Node's standard library only: every
 * other process's environ, minting an OIDC token, the runner's file commands, the spec, the
 * shared plugin cache, the action's temp files, hop 1, another tenant's role with that tenant's
 * ExternalId, and a forged report.
 *
 * Isolated (a dispatcher spec with requireIsolation; the action as root, as in CI): every attempt
 * fails and the deployment succeeds. Self-serve without isolation, the same module: the warning,
 * and the attempts only isolation stops succeed — which shows the test can fail. Another tenant's
 * role stays out of reach in both: its trust names only that tenant's own hop-1 role.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { runAction, type ActionRun } from '../harness/action-runner.js';
import {
  BLOCKED_WHEN_ISOLATED,
  attempts,
  leftover,
  running,
  startHostileWorld,
  type HostileWorld,
} from '../harness/hostile-world.js';
import { RUNNER_ROLE } from '../harness/identity-fixture.js';
import { terraformBinary } from '../harness/terraform-binary.js';

const asRoot = process.getuid?.() === 0;
const suite = terraformBinary && asRoot ? describe : describe.skip;
const reason = !terraformBinary
  ? ' [skipped: no terraform binary; set GRAPE_TEST_TERRAFORM]'
  : !asRoot
    ? ' [skipped: isolation needs the action to run as root (uid 0), as CI does]'
    : '';

const BLOCKED = BLOCKED_WHEN_ISOLATED;
const ATTEMPTS = Object.keys(BLOCKED);

suite(`a hostile module on the shared runner${reason}`, () => {
  let world: HostileWorld;
  beforeAll(async () => {
    world = await startHostileWorld();
  }, 60_000);
  afterAll(() => world?.close());

  describe('isolated: a dispatcher spec that requires isolation, the action running as root', () => {
    let result: ActionRun;
    beforeAll(async () => {
      world.reports.length = 0;
      result = await world.runDispatched('dep_hostile0000000000001');
    }, 180_000);

    it('runs the module: every attempt is made and reported', () => {
      expect(Object.keys(attempts(result)).sort()).toEqual([...ATTEMPTS].sort());
    });

    it.each(ATTEMPTS)('%s fails', (name) => {
      expect(attempts(result)[name]).toMatch(BLOCKED[name]!);
    });

    it('leaves no process of the module running', async () => {
      expect(leftover(result)).toBeGreaterThan(0);
      expect(await running(leftover(result))).toBe(false);
    });

    it('leaves nothing in the step: no injected variable, output or state', () => {
      expect(result.exportedEnv).not.toHaveProperty('HOSTILE_INJECTED');
      expect(result.outputs).not.toHaveProperty('HOSTILE_INJECTED');
      expect(result.state).not.toHaveProperty('HOSTILE_INJECTED');
      expect(result.fileCommandErrors).toEqual([]);
    });

    it('still deploys: the apply succeeds and only the honest report is accepted', () => {
      expect([result.exitCode, result.errors]).toEqual([0, []]);
      expect(result.stdout).toMatch(
        /Tenant isolation: terraform runs as uid (\d+), gid \1 \(this run's own, no account\)/,
      );
      expect(result.stdout).not.toMatch(/::warning::Tenant isolation/);
      expect(world.reports.filter((r) => r.accepted).map((r) => r.body)).toEqual([
        expect.objectContaining({ deploymentId: 'dep_hostile0000000000001', status: 'succeeded' }),
      ]);
      expect(world.reports.filter((r) => !r.accepted).map((r) => r.body['deploymentId'])).toEqual([
        'forged',
      ]);
    });

    it("has the post step delete the engine's directory", async () => {
      const recorded = JSON.parse(result.state['grape-temp-paths'] ?? '[]') as string[];
      const sandbox = recorded.find((p) => path.basename(p).startsWith('grape-engine-'));
      expect(sandbox).toBeDefined();
      expect((await stat(sandbox!)).isDirectory()).toBe(true);
      const post = await runAction({ entry: 'post.js', state: result.state });
      expect([post.exitCode, post.errors]).toEqual([0, []]);
      await expect(stat(sandbox!)).rejects.toThrow(/ENOENT/);
    });
  });

  describe('self-serve without isolation: the same module', () => {
    let result: ActionRun;
    beforeAll(async () => {
      world.reports.length = 0;
      result = await world.run({
        operation: 'apply',
        'role-arn': RUNNER_ROLE,
        'aws-region': 'eu-west-1',
        variables: JSON.stringify(world.variables),
      });
    }, 180_000);

    afterAll(() => {
      try {
        process.kill(leftover(result), 'SIGKILL');
      } catch {
        /* already gone */
      }
    });

    it("leaves the module's process running (what isolation's kill after each command stops)", async () => {
      expect(await running(leftover(result))).toBe(true);
    });

    it('warns once, naming the risk', () => {
      const warnings = result.stdout.match(/^::warning::Tenant isolation is off: .*$/gm) ?? [];
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(
        "run as this action's OS user: they can read the runner's tokens",
      );
    });

    it('lets the module steal the runner token, mint OIDC tokens, assume hop 1, write GITHUB_ENV and forge a report', () => {
      const seen = attempts(result);
      expect(seen['environ']).toMatch(/^SUCCEEDED .*ACTIONS_ID_TOKEN_REQUEST_TOKEN/);
      expect(seen['mint-oidc']).toBe('SUCCEEDED HTTP 200');
      expect(seen['assume-hop1']).toMatch(/^SUCCEEDED /);
      expect(seen['write-GITHUB_ENV']).toMatch(/^SUCCEEDED /);
      expect(result.exportedEnv['HOSTILE_INJECTED']).toBe('1');
      expect(seen['post-report']).toBe('SUCCEEDED HTTP 200');
    });

    it("still cannot reach another tenant's role: its trust names only that tenant's hop 1", () => {
      expect(attempts(result)['assume-other-tenant']).toMatch(
        /^blocked .*hop1: HTTP 403 AccessDenied/,
      );
    });
  });
});
