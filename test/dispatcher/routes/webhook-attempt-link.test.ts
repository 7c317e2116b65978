/**
 * A webhook links a run to a deployment by the id in the run's title only while the deployment is
 * on its first attempt: after a re-dispatch, a run carrying the id may be the lost attempt's, and
 * following it would let the deployment's state come from a run that is about to be cancelled.
 */
import { SYSTEM } from '../../../dispatcher/src/audit/audit-event.js';
import { pglite, type TestStore } from '../helpers/backends.js';
import {
  seedTenant,
  startDispatcher,
  startEnvironment,
  webhookRequest,
  type Environment,
  type Tenant,
  type TestDispatcher,
} from '../helpers/dispatcher-fixture.js';

let environment: Environment;
let store: TestStore;
let grape: TestDispatcher;
let acme: Tenant;

beforeAll(async () => {
  environment = await startEnvironment();
  store = await pglite.open(environment.clock);
  grape = await startDispatcher(environment, store);
  acme = await seedTenant(store, 'acme');
});
afterAll(async () => {
  await grape.app.close();
  await store.close();
  await environment.close();
});

let serial = 0;
/** A deployment claimed by a dispatch loop (attempt 1) whose call has not answered yet. */
async function dispatching(): Promise<string> {
  const res = await grape.request({
    method: 'POST',
    url: '/v1/deployments',
    token: acme.deployer,
    payload: { project: 'network', environment: `w${++serial}`, operation: 'plan' },
  });
  expect(res.statusCode).toBe(202);
  const id = res.json().id as string;
  const claimed = await store.transitions.claimBatch(SYSTEM, 10);
  expect(claimed.map((d) => d.id)).toEqual([id]);
  return id;
}

/** The reconciler giving the attempt up and dispatching again (reconciler.ts, attempt + 1). */
const redispatch = (id: string, attempt: number) =>
  store.transitions.apply(
    id,
    ['dispatching'],
    { dispatchStartedAt: environment.clock(), attempts: attempt + 1 },
    { ...SYSTEM, action: 'deployment.redispatching', data: { attempt: attempt + 1 } },
    { attempt },
  );

const runEvent = async (runId: number, deploymentId: string, status = 'in_progress') =>
  (
    await grape.app.inject(
      await webhookRequest('workflow_run', {
        action: status === 'completed' ? 'completed' : 'in_progress',
        repository: {
          full_name: 'acme/grape-runner',
          html_url: 'https://github.com/acme/grape-runner',
        },
        workflow_run: {
          id: runId,
          html_url: `https://github.com/acme/grape-runner/actions/runs/${runId}`,
          status,
          conclusion: status === 'completed' ? 'cancelled' : null,
          display_title: `grape ${deploymentId}`,
          name: 'grape-runner',
          event: 'workflow_dispatch',
        },
      }),
    )
  ).json();

describe('a run announced by webhook before the dispatch call answered', () => {
  it('is linked by its title on the first attempt', async () => {
    const id = await dispatching();
    expect(await runEvent(7_000_001, id)).toEqual({ result: 'applied' });
    expect(await store.deployments.getById(id)).toMatchObject({
      status: 'running',
      runId: 7_000_001,
      attempts: 1,
    });
  });

  it('is not linked by its title once the deployment was dispatched again: it may be the lost attempt’s', async () => {
    const id = await dispatching();
    expect(await redispatch(id, 1)).toMatchObject({ attempts: 2 });
    expect(await runEvent(7_000_002, id)).toEqual({ result: 'ignored' });
    // Nor does the lost attempt's run ending (cancelled, as cancel-lost-runs.ts does) end it.
    expect(await runEvent(7_000_002, id, 'completed')).toEqual({ result: 'ignored' });
    expect(await store.deployments.getById(id)).toMatchObject({
      status: 'dispatching',
      runId: null,
      attempts: 2,
    });
    const events = (await store.audit.list(acme.id, { limit: 100 })).filter(
      (e) => e.objectId === id,
    );
    expect(events.map((e) => e.action)).not.toContain('deployment.running');
    expect(events.map((e) => e.action)).not.toContain('deployment.cancelled');
  });

  it('is still followed by its run id once the current attempt recorded it', async () => {
    const id = await dispatching();
    await redispatch(id, 1);
    const running = await store.transitions.markRunning({
      id,
      attempt: 2,
      runId: 7_000_003,
      runUrl: 'https://github.com/acme/grape-runner/actions/runs/7000003',
      dispatchedAt: environment.clock(),
    });
    expect(running).toMatchObject({ status: 'running', runId: 7_000_003 });
    expect(await runEvent(7_000_003, id, 'completed')).toEqual({ result: 'applied' });
    expect(await store.deployments.getById(id)).toMatchObject({ status: 'cancelled' });
  });

  it('records nothing for a stale attempt: the running transition is a compare-and-set on it', async () => {
    const id = await dispatching();
    await redispatch(id, 1);
    expect(
      await store.transitions.markRunning({
        id,
        attempt: 1,
        runId: 7_000_004,
        runUrl: null,
        dispatchedAt: environment.clock(),
      }),
    ).toBeUndefined();
    expect(await store.deployments.getById(id)).toMatchObject({
      status: 'dispatching',
      runId: null,
    });
  });
});
