/**
 * Two isolated runs on one machine at once (issue 15: a uid per run). Each run's module meets the
 * other's (test/fixtures/modules/neighbour), reads every /proc/<pid>/environ it can and then waits:
 * run B until run A's action has ended, so every `kill -9 -1` isolation runs after A's engine
 * commands happens while B's terraform is mid-apply. With a uid of their own (the default), neither
 * reads the other's environment and both deploy — as root, and through sudo with the action as the
 * user `runner` (runner-user.ts). The same two runs sharing one fixed engine-user
 * show what the per-run uid prevents: one run's kill ends the other's terraform mid-command (and,
 * as the hostile-module test shows for one uid, a module could read that terraform's environment).
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runAction, type ActionRun } from '../harness/action-runner.js';
import {
  RUNNER_ROLE,
  startIdentityFixture,
  type IdentityFixture,
} from '../harness/identity-fixture.js';
import {
  giveToRunner,
  nodeAsRunner,
  runnerUser,
  runnerUserMissing,
} from '../harness/runner-user.js';
import { copyModule, terraformBinary } from '../harness/terraform-binary.js';

const asRoot = process.getuid?.() === 0;
const reason = !terraformBinary
  ? ' [skipped: no terraform binary; set GRAPE_TEST_TERRAFORM]'
  : !asRoot
    ? ' [skipped: needs root (uid 0), as CI runs, to run the action as root or as the runner user]'
    : '';

interface Probe {
  readonly uid: number;
  readonly own: number;
  readonly theirs: number;
}

/** The `NEIGHBOUR <run> uid=… own=… theirs=…` line of a run. */
function probe(run: ActionRun, name: string): Probe | undefined {
  const m = new RegExp(`NEIGHBOUR ${name} uid=(\\d+) own=(\\d+) theirs=(\\d+)`).exec(run.stdout);
  return m ? { uid: Number(m[1]), own: Number(m[2]), theirs: Number(m[3]) } : undefined;
}

/** Runs A and B at once; B's module waits until A's action has ended. */
async function runPair(fx: IdentityFixture, extra: Record<string, string>, node?: string) {
  const rendezvous = await mkdtemp(path.join(tmpdir(), 'grape-neighbours-'));
  // Both engine uids meet here (sticky and world-writable, as /tmp is).
  await chmod(rendezvous, 0o1777);
  const one = async (name: string, other: string, waitFor: string) => {
    const workspace = await copyModule('neighbour');
    if (node) await giveToRunner(workspace, runnerUser!);
    try {
      return await runAction({
        cwd: workspace,
        inputs: {
          'engine-path': terraformBinary!,
          operation: 'apply',
          'role-arn': RUNNER_ROLE,
          'aws-region': 'eu-west-1',
          isolation: 'required',
          variables: JSON.stringify({
            run_name: name,
            other_name: other,
            rendezvous,
            wait_for: waitFor,
          }),
          ...extra,
        },
        env: node ? { ...fx.env, HOME: runnerUser!.home } : fx.env,
        ...(node ? { node } : {}),
      });
    } finally {
      await writeFile(path.join(rendezvous, `gone-${name}`), '');
      await rm(workspace, { recursive: true, force: true });
    }
  };
  /** The run, then its post step, which deletes the engine's directory (the uid's claim). */
  const withPost = async (run: Promise<ActionRun>) => {
    const main = await run;
    await runAction({ entry: 'post.js', state: main.state, ...(node ? { node } : {}) });
    return main;
  };
  try {
    const [a, b] = await Promise.all([
      withPost(one('A', 'B', '')),
      withPost(one('B', 'A', 'gone-A')),
    ]);
    return { a, b };
  } finally {
    await rm(rendezvous, { recursive: true, force: true });
  }
}

(terraformBinary && asRoot ? describe : describe.skip)(
  `two isolated runs on one machine at once${reason}`,
  () => {
    let fx: IdentityFixture;
    beforeAll(async () => {
      fx = await startIdentityFixture();
    });
    afterAll(() => fx?.close());

    describe('each with a uid of its own (engine-user empty, the default)', () => {
      let a: ActionRun;
      let b: ActionRun;
      beforeAll(async () => {
        ({ a, b } = await runPair(fx, {}));
      }, 240_000);

      it('runs them as two different uids, neither an account', () => {
        const [pa, pb] = [probe(a, 'A'), probe(b, 'B')];
        expect(pa).toBeDefined();
        expect(pb).toBeDefined();
        expect(pa!.uid).not.toBe(pb!.uid);
        expect(a.stdout).toContain(
          `Tenant isolation: terraform runs as uid ${pa!.uid}, gid ${pa!.uid} (this run's own, no account).`,
        );
        expect(b.stdout).toContain(
          `Tenant isolation: terraform runs as uid ${pb!.uid}, gid ${pb!.uid} (this run's own, no account).`,
        );
      });

      it("lets neither module read the other run's environment (its own terraform's it can)", () => {
        expect(probe(a, 'A')).toMatchObject({ theirs: 0 });
        expect(probe(b, 'B')).toMatchObject({ theirs: 0 });
        expect(probe(a, 'A')!.own).toBeGreaterThan(0);
        expect(probe(b, 'B')!.own).toBeGreaterThan(0);
      });

      it("kills neither: B's terraform outlives every kill after A's commands, and both deploy", () => {
        expect(b.stdout).toContain('NEIGHBOUR B done');
        expect([a.exitCode, a.errors]).toEqual([0, []]);
        expect([b.exitCode, b.errors]).toEqual([0, []]);
      });
    });

    (runnerUser ? describe : describe.skip)(
      `each with a uid of its own, through sudo as the runner user${runnerUser ? '' : ` [skipped: ${runnerUserMissing}]`}`,
      () => {
        let a: ActionRun;
        let b: ActionRun;
        let node: string;
        beforeAll(async () => {
          node = await nodeAsRunner();
          ({ a, b } = await runPair(fx, {}, node));
        }, 240_000);
        afterAll(() => rm(path.dirname(node), { recursive: true, force: true }));

        it('runs them through sudo as two different uids; neither reads the other, both deploy', () => {
          const [pa, pb] = [probe(a, 'A'), probe(b, 'B')];
          expect(pa?.uid).not.toBe(pb?.uid);
          expect(a.stdout).toContain(
            `Tenant isolation: terraform runs through sudo as uid ${pa!.uid}, gid ${pa!.uid} (this run's own, no account).`,
          );
          expect([pa!.theirs, pb!.theirs]).toEqual([0, 0]);
          expect(pa!.own * pb!.own).toBeGreaterThan(0);
          expect(b.stdout).toContain('NEIGHBOUR B done');
          expect([a.exitCode, a.errors, b.exitCode, b.errors]).toEqual([0, [], 0, []]);
        });
      },
    );

    describe('sharing one fixed engine-user (what the per-run uid prevents)', () => {
      let a: ActionRun;
      let b: ActionRun;
      beforeAll(async () => {
        ({ a, b } = await runPair(fx, { 'engine-user': '64142:64142' }));
      }, 240_000);

      it('says every run on the machine shares the user', () => {
        expect(a.stdout).toContain(
          "Tenant isolation: terraform runs as uid 64142, gid 64142 (64142:64142, the 'engine-user' every run on this machine shares).",
        );
      });

      it("has one run's kill end the other run's terraform mid-command", () => {
        expect([...a.errors, ...b.errors]).toContainEqual(
          expect.stringMatching(/^`terraform \w+` failed \(exit SIGKILL\)\.$/),
        );
        expect(b.stdout).not.toContain('NEIGHBOUR B done');
      });
    });
  },
);
