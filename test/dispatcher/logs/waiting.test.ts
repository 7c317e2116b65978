/**
 * Honest progress on the dispatcher's side (issue 17): while a deployment shows no log, its log
 * says what it waits for, derived from real state: the deployment ahead of it in its environment,
 * the run's status as GitHub's webhooks report it (queued for a runner, waiting for an
 * environment's reviewer), the approval of its plan. The JSON log carries `waiting`; the followed
 * log sends `progress` events, which `grape logs -f` and `deploy --wait` print; out-of-order
 * deliveries never move a run back to waiting.
 */
import type { CliIO } from '../../../dispatcher/src/cli/cli-io.js';
import { remoteCliIO } from '../helpers/recording-cli.js';
import { runCli } from '../../../dispatcher/src/cli/program.js';
import { describeWait } from '../../../dispatcher/src/logs/describe-wait.js';
import { pglite, type TestStore } from '../helpers/backends.js';
import {
  AUDIENCE,
  seedTenant,
  startDispatcher,
  startEnvironment,
  webhookRequest,
  type Environment,
  type Tenant,
  type TestDispatcher,
} from '../helpers/dispatcher-fixture.js';
import { eventually } from '../../harness/eventually.js';

let environment: Environment;
let store: TestStore;
let grape: TestDispatcher;
let acme: Tenant;
let url: string;

beforeAll(async () => {
  environment = await startEnvironment();
  environment.clock.set(new Date('2026-11-30T12:01:03.250Z'));
  store = await pglite.open(environment.clock);
  grape = await startDispatcher(environment, store);
  acme = await seedTenant(store, 'acme');
  url = await grape.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  // `deploy --wait` aborts its log stream when the deployment ends; a socket undici had opened for
  // it may carry no request yet, which Node's server would keep until its headers timeout.
  grape.app.server.closeAllConnections();
  await grape.app.close();
  await store.close();
  await environment.close();
});
afterEach(() => expect(environment.github.violations).toEqual([]));

let serial = 0;
async function request(env: string): Promise<string> {
  const res = await grape.request({
    method: 'POST',
    url: '/v1/deployments',
    token: acme.deployer,
    payload: { project: 'network', environment: env, operation: 'plan' },
  });
  expect(res.statusCode).toBe(202);
  return res.json().id as string;
}

async function dispatched(env: string): Promise<{ id: string; runId: number }> {
  const id = await request(env);
  await grape.ctx.loop.tick();
  return { id, runId: environment.actions.runsFor(id)[0]!.id };
}

const job = async (runId: number, status: string) =>
  grape.app.inject(
    await webhookRequest('workflow_job', {
      action: status,
      repository: { full_name: 'acme/grape-runner' },
      workflow_job: { run_id: runId, status, name: 'deploy' },
    }),
  );
const run = async (runId: number, status: string) =>
  grape.app.inject(
    await webhookRequest('workflow_run', {
      action: status === 'completed' ? 'completed' : 'requested',
      repository: { full_name: 'acme/grape-runner' },
      workflow_run: {
        id: runId,
        html_url: `https://github.com/acme/grape-runner/actions/runs/${runId}`,
        status,
        conclusion: null,
        event: 'workflow_dispatch',
      },
    }),
  );

const waiting = async (id: string): Promise<string | null> => {
  const res = await grape.request({
    method: 'GET',
    url: `/v1/deployments/${id}/logs`,
    token: acme.viewer,
  });
  expect(res.statusCode).toBe(200);
  return res.json().waiting as string | null;
};

describe('a deployment whose run is queued on GitHub', () => {
  it('says it waits for a runner since the time GitHub said so, until the job starts', async () => {
    const { id, runId } = await dispatched(`wait${++serial}`);
    expect(await waiting(id)).toBeNull(); // GitHub has said nothing yet
    expect((await run(runId, 'queued')).json()).toEqual({ result: 'unchanged' });
    expect(await waiting(id)).toBe(
      'waiting for a runner: the run is queued on GitHub since 12:01:03 UTC',
    );
    environment.clock.advance(42_000);
    // The run goes in_progress while its job still waits for a runner: the job's word counts.
    await job(runId, 'queued');
    await run(runId, 'in_progress');
    expect(await waiting(id)).toBe(
      'waiting for a runner: the run is queued on GitHub since 12:01:45 UTC',
    );
    await job(runId, 'in_progress');
    expect(await waiting(id)).toBeNull();
    // A late delivery of the job's queued status does not move it back.
    await job(runId, 'queued');
    expect(await waiting(id)).toBeNull();
  });

  it('stops saying so once the run streams its log, even if the webhook saying it started was lost', async () => {
    const { id, runId } = await dispatched(`wait${++serial}`);
    await job(runId, 'queued');
    expect(await waiting(id)).toMatch(/^waiting for a runner: /);
    const token = await environment.issuer.sign({
      repository: 'acme/grape-runner',
      run_id: String(runId),
      aud: AUDIENCE,
    });
    const sent = await grape.app.inject({
      method: 'POST',
      url: '/v1/runs/log',
      payload: { deploymentId: id, seq: 1, text: '::group::Install terraform\n' },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(sent.statusCode).toBe(200);
    expect(await waiting(id)).toBeNull();
  });

  it("says it waits for a reviewer when GitHub holds the run for an environment's approval", async () => {
    const { id, runId } = await dispatched(`wait${++serial}`);
    await run(runId, 'waiting');
    expect(await waiting(id)).toMatch(
      /^waiting for approval: the run waits for a reviewer of its GitHub environment since \d\d:\d\d:\d\d UTC$/,
    );
  });
});

describe('a deployment queued behind another in its environment', () => {
  it('names the deployment ahead of it, and what that one is doing', async () => {
    const env = `wait${++serial}`;
    const { id: first } = await dispatched(env);
    const second = await request(env);
    const third = await request(env);
    expect(await waiting(second)).toBe(
      `queued behind deployment ${first} in this environment (running)`,
    );
    expect(await waiting(third)).toBe(
      `queued behind deployment ${first} in this environment (running), and 1 more queued before it`,
    );
  });
});

const cliIO = (out: string[], err: string[]): CliIO =>
  remoteCliIO({ GRAPE_URL: url, GRAPE_TOKEN: acme.viewer }, out, err);

const until = (check: () => boolean): Promise<true> =>
  eventually(check, { tries: 400, everyMs: 25 });

describe('grape logs -f on a run waiting for a runner', () => {
  it('prints what it waits for, then the log once the run starts, then the outcome', async () => {
    const { id, runId } = await dispatched(`wait${++serial}`);
    environment.clock.set(new Date('2026-11-30T13:00:00Z'));
    await job(runId, 'queued');
    const out: string[] = [];
    const err: string[] = [];
    const following = runCli(['logs', '-f', id], cliIO(out, err));
    const line = `${id}  … waiting for a runner: the run is queued on GitHub since 13:00:00 UTC`;
    await until(() => err.includes(line));
    await job(runId, 'in_progress');
    const token = await environment.issuer.sign({
      repository: 'acme/grape-runner',
      run_id: String(runId),
      aud: AUDIENCE,
    });
    await grape.app.inject({
      method: 'POST',
      url: '/v1/runs/log',
      payload: { deploymentId: id, seq: 1, text: 'Plan: 1 to add, 0 to change, 0 to destroy.\n' },
      headers: { authorization: `Bearer ${token}` },
    });
    await until(() => out.includes('Plan: 1 to add, 0 to change, 0 to destroy.'));
    const report = await grape.app.inject({
      method: 'POST',
      url: '/v1/runs/report',
      payload: {
        v: 1,
        deploymentId: id,
        status: 'succeeded',
        plan: {
          sha256: 'b'.repeat(64),
          hasChanges: true,
          summary: { create: 1, update: 0, delete: 0 },
        },
      },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(report.json()).toMatchObject({ status: 'awaiting-approval' });
    expect(await following).toBe(4);
    expect(err.filter((l) => l.includes(' … '))).toEqual([line]);
    expect(await waiting(id)).toBe(
      `waiting for approval: the plan has changes; apply it with \`grape approve ${id}\``,
    );
  });
});

describe('grape deploy --wait on a run waiting for a runner', () => {
  it('prints what it waits for between the status lines', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { ...cliIO(out, err), env: { GRAPE_URL: url, GRAPE_TOKEN: acme.deployer } };
    const env = `wait${++serial}`;
    const deploying = runCli(
      ['deploy', '--project', 'network', '--env', env, '--wait', '--interval', '0.1'],
      io,
    );
    await until(() => out.length > 0);
    const id = /^(dep_[0-9a-f]{20})/.exec(out[0]!)![1]!;
    await grape.ctx.loop.tick();
    const runId = environment.actions.runsFor(id)[0]!.id;
    environment.clock.set(new Date('2026-11-30T13:30:00Z'));
    await job(runId, 'queued');
    const line = `${id}  … waiting for a runner: the run is queued on GitHub since 13:30:00 UTC`;
    await until(() => out.includes(line));
    await job(runId, 'in_progress');
    const token = await environment.issuer.sign({
      repository: 'acme/grape-runner',
      run_id: String(runId),
      aud: AUDIENCE,
    });
    await grape.app.inject({
      method: 'POST',
      url: '/v1/runs/report',
      payload: { v: 1, deploymentId: id, status: 'succeeded' },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await deploying).toBe(0);
    expect(out.indexOf(line)).toBeGreaterThan(0);
    expect(out.at(-1)).toMatch(new RegExp(`^${id} {2}succeeded`));
  });
});

describe('what a deployment waits for, from its own row', () => {
  it('names the time GitHub asked to retry a dispatch, and a local run starting', async () => {
    const { id } = await dispatched(`wait${++serial}`);
    const d = (await grape.ctx.store.deployments.getById(id))!;
    const now = new Date('2026-11-30T14:00:00Z');
    expect(
      await describeWait(
        grape.ctx.store.db,
        {
          ...d,
          status: 'queued',
          runId: null,
          notBefore: new Date('2026-11-30T14:01:00Z'),
          statusReason: 'waiting 60s: GitHub answered 503',
        },
        now,
      ),
    ).toBe('waiting until 14:01:00 UTC to dispatch again: GitHub answered 503');
    expect(
      await describeWait(
        grape.ctx.store.db,
        { ...d, status: 'dispatching', runId: null },
        now,
        'local',
      ),
    ).toBe('dispatching: starting the run');
    expect(
      await describeWait(
        grape.ctx.store.db,
        { ...d, status: 'dispatching', runId: null, dispatchStartedAt: now },
        now,
      ),
    ).toBe('dispatching: waiting for GitHub to accept the workflow run (since 14:00:00 UTC)');
  });
});
