/**
 * Exactly one run per deployment when GitHub is slow or silent and replicas race: every GitHub
 * call ends at its deadline (a silent one does not hold the loop), a lost answer's run is found
 * among more than 500 newer runs (the listing read to its last page, windows over GitHub's 1,000
 * cap split), two reconcilers resuming one stale attempt dispatch it once, a run of an attempt
 * that lost is cancelled and audited, and a deployment queued elsewhere wakes the loop at once.
 */
import type { Executor } from '../../dispatcher/src/executor/executor.js';
import { pglite, type TestStore } from './helpers/backends.js';
import {
  seedTenant,
  startDispatcher,
  startEnvironment,
  type Environment,
  type Tenant,
  type TestDispatcher,
} from './helpers/dispatcher-fixture.js';

const DISPATCH = 'actions/create-workflow-dispatch';
const TIMEOUT_MS = 2000; // generous: the deadline must not pass on a crowded machine before the request leaves

let environment: Environment;
let store: TestStore;
let grape: TestDispatcher;
let other: TestDispatcher;
let acme: Tenant;
let beforeReturn: (() => Promise<void>) | undefined;

beforeAll(async () => {
  environment = await startEnvironment();
  Object.assign(environment.env, {
    GRAPE_GITHUB_REQUEST_TIMEOUT_MS: String(TIMEOUT_MS),
    GRAPE_DISPATCH_INTERVAL_MS: '600000',
    GRAPE_RECONCILE_INTERVAL_MS: '3600000',
  });
  store = await pglite.open(environment.clock);
  const wrapExecutor = (inner: Executor): Executor => ({
    name: inner.name,
    findRun: (d) => inner.findRun(d),
    findRuns: (d) => inner.findRuns(d),
    getRun: (id) => inner.getRun(id),
    cancel: (id) => inner.cancel(id),
    dispatch: async (request) => {
      const result = await inner.dispatch(request);
      await beforeReturn?.();
      return result;
    },
  });
  grape = await startDispatcher(environment, store, { wrapExecutor });
  // A second replica on the same database (PGlite: the same store).
  other = await startDispatcher(environment, store);
  acme = await seedTenant(store, 'acme');
  // Warm up (installation token, connections): the deadlines below are short. On a crowded machine
  // the warm-up's own deadline can pass before its request leaves: it is then queued again for 1 s
  // of the test clock, and left behind it would take the next test's injected fault.
  const warmUp = await deploy();
  for (let i = 0; i < 5 && (await row(warmUp))?.status !== 'running'; i++) {
    later(2);
    await grape.ctx.loop.tick();
  }
  expect(await row(warmUp)).toMatchObject({ status: 'running' });
});
beforeEach(async () => {
  // Each test's faults must meet its own deployments: nothing of an earlier test may still wait.
  expect(
    await store.db.query(
      "SELECT id, status FROM deployments WHERE status IN ('queued', 'dispatching')",
    ),
  ).toEqual([]);
});
afterAll(async () => {
  await Promise.all([grape.app.close(), other.app.close()]);
  await store.close();
  await environment.close();
});
afterEach(() => {
  expect(environment.github.violations).toEqual([]);
  beforeReturn = undefined;
});

let envSerial = 0;
const deploy = async (): Promise<string> => {
  const res = await grape.request({
    method: 'POST',
    url: '/v1/deployments',
    token: acme.deployer,
    payload: { project: 'network', environment: `x${++envSerial}`, operation: 'apply' },
  });
  expect(res.statusCode).toBe(202);
  return res.json().id;
};
const get = async (id: string) =>
  (await grape.request({ method: 'GET', url: `/v1/deployments/${id}`, token: acme.viewer })).json();
const row = (id: string) => store.deployments.getById(id);
const later = (seconds: number) => environment.clock.advance(seconds * 1000);
const auditOf = async (id: string) =>
  (await store.audit.list(acme.id, { limit: 500 })).filter((e) => e.objectId === id);

describe('GitHub never answers', () => {
  it('ends the call at its deadline and dispatches the others meanwhile; the run it made is found later', async () => {
    const silent = await deploy();
    const next = await deploy();
    environment.github.injectFaults({
      operationId: DISPATCH,
      deploymentId: silent,
      kind: 'hang',
      afterEffect: true,
    });
    await grape.ctx.loop.tick(); // returns: the silent call was abandoned at its deadline
    expect((await get(silent)).status).toBe('dispatching');
    expect((await get(next)).status).toBe('running');
    later(61);
    await grape.ctx.reconciler.tick();
    expect(environment.actions.runsFor(silent)).toHaveLength(1);
    expect(await get(silent)).toMatchObject({
      status: 'running',
      run: { id: environment.actions.runsFor(silent)[0]!.id },
    });
  });

  it('dispatches again, once, when the silent call made no run', async () => {
    environment.github.injectFaults({ operationId: DISPATCH, kind: 'hang' });
    const id = await deploy();
    await grape.ctx.loop.tick();
    expect(environment.actions.runsFor(id)).toHaveLength(0);
    later(61);
    await grape.ctx.reconciler.tick();
    expect(environment.actions.runsFor(id)).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: 'running', attempts: 2 });
  });

  it('treats an answer later than the deadline as unknown, and finds the run it announced', async () => {
    environment.github.injectFaults({
      operationId: DISPATCH,
      kind: 'late',
      delayMs: 2 * TIMEOUT_MS,
    });
    const id = await deploy();
    await grape.ctx.loop.tick();
    expect((await get(id)).status).toBe('dispatching');
    later(61);
    await grape.ctx.reconciler.tick();
    expect(environment.actions.runsFor(id)).toHaveLength(1);
    expect((await get(id)).status).toBe('running');
  });
});

describe('two replicas resuming one stale attempt', () => {
  it('re-dispatches it once: the compare-and-set on the attempt lets one replica win', async () => {
    environment.github.injectFaults({ operationId: DISPATCH, kind: 'drop' }); // no run made
    const id = await deploy();
    await grape.ctx.loop.tick();
    later(61);
    await Promise.all([
      grape.ctx.reconciler.tick(),
      other.ctx.reconciler.tick(),
      grape.ctx.reconciler.tick(),
    ]);
    expect(environment.actions.runsFor(id)).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: 'running', attempts: 2 });
    const redispatches = (await auditOf(id)).filter((e) => e.action === 'deployment.redispatching');
    expect(redispatches).toHaveLength(1);
  });
});

describe('a run of an attempt that lost', () => {
  it('is cancelled and the cancellation audited; the deployment is left to the winning attempt', async () => {
    const id = await deploy();
    // Another replica takes the attempt over while GitHub is answering this one.
    beforeReturn = async () => {
      await store.db.query('UPDATE deployments SET attempts = attempts + 1 WHERE id = $1', [id]);
    };
    await grape.ctx.loop.tick();
    const [run] = environment.actions.runsFor(id);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    expect(await row(id)).toMatchObject({ status: 'dispatching', attempts: 2, runId: null });
    const events = await auditOf(id);
    expect(events.find((e) => e.action === 'deployment.duplicate-run-cancelled')).toMatchObject({
      actor: 'system',
      data: { runId: run!.id, attempt: 1, kept: null, outcome: 'cancelled' },
    });
    expect(events.map((e) => e.action)).not.toContain('deployment.running');
    // The winning attempt exists only in this test's imagination: end it, so no later test's
    // reconciler resumes it.
    await store.db.query("UPDATE deployments SET status = 'failed' WHERE id = $1", [id]);
  });
});

describe('wake-up', () => {
  it('dispatches a deployment queued by another replica at once, not at the next poll', async () => {
    const awake = await startDispatcher(environment, store, { loops: true });
    try {
      // The loop's interval is 10 minutes here: only the notification can start this one.
      const { deployment } = await store.deployments.create(
        {
          tenantId: acme.id,
          projectId: acme.project.id,
          environment: `x${++envSerial}`,
          operation: 'plan',
          ref: 'main',
          variables: {},
          idempotencyKey: null,
          requestHash: null,
        },
        { actor: 'elsewhere' },
      );
      for (let i = 0; i < 250 && environment.actions.runsFor(deployment.id).length === 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(environment.actions.runsFor(deployment.id)).toHaveLength(1);
    } finally {
      await awake.app.close();
    }
  });
});

describe('the run lookup', () => {
  it.each([
    ['600 newer runs', [600]],
    ['1,300 newer runs (over GitHub’s 1,000-result cap: the window is split)', [650, 650]],
  ])(
    'finds the run of a dropped answer among %s and never dispatches again',
    async (_name, batches) => {
      environment.github.injectFaults({ operationId: DISPATCH, kind: 'drop', afterEffect: true });
      const id = await deploy();
      await grape.ctx.loop.tick();
      expect((await get(id)).status).toBe('dispatching');
      for (const count of batches) {
        later(1);
        environment.actions.addOtherRuns(count);
      }
      later(61);
      await grape.ctx.reconciler.tick();
      expect(environment.actions.runsFor(id)).toHaveLength(1);
      expect(await row(id)).toMatchObject({ status: 'running', attempts: 1 });
      const pages = environment.github.requests.filter(
        (r) => r.operationId === 'actions/list-workflow-runs',
      );
      expect(pages.length).toBeGreaterThan(6); // read past GitHub's old 5-page horizon
    },
  );
});
