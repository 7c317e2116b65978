/**
 * A dispatch loop claims only when there may be something to claim. With claims made on creation
 * (the replica that takes a request claims it in the creating statement), the loop's own claim
 * used to run twice per deployment and come back empty: once woken by the insert's NOTIFY, once
 * when the call's slot was freed. Now a new deployment claimed on creation wakes nobody, and a
 * freed slot claims only after a wake-up or a claim that filled its room.
 */
import { SYSTEM, type AuditContext } from '../../../dispatcher/src/audit/audit-event.js';
import { describeEachBackend, type TestStore } from '../helpers/backends.js';
import {
  seedTenant,
  startDispatcher,
  startEnvironment,
  type Environment,
  type Tenant,
  type TestDispatcher,
} from '../helpers/dispatcher-fixture.js';
import { eventually } from '../../harness/eventually.js';

describeEachBackend('the dispatch loop, with claims made on creation', (backend) => {
  let environment: Environment;
  let store: TestStore;
  let grape: TestDispatcher;
  let acme: Tenant;
  let loopClaims = 0;

  beforeAll(async () => {
    environment = await startEnvironment();
    store = await backend.open(environment.clock);
    const claimBatch = store.transitions.claimBatch.bind(store.transitions);
    store.transitions.claimBatch = (audit: AuditContext, limit: number) => {
      loopClaims++;
      return claimBatch(audit, limit);
    };
    // The loops run (listen, claim on create); the interval is long enough never to fire here.
    grape = await startDispatcher(
      { ...environment, env: { ...environment.env, GRAPE_DISPATCH_INTERVAL_MS: '600000' } },
      store,
      { loops: true },
    );
    acme = await seedTenant(store, 'acme');
  });
  afterAll(async () => {
    await grape.app.close();
    await store.close();
    await environment.close();
  });

  const statuses = (ids: readonly string[]) =>
    Promise.all(ids.map(async (id) => (await store.deployments.getById(id))?.status));
  /** Waits (bounded) until every deployment is `running`; returns their statuses. */
  const untilRunning = async (ids: readonly string[]) => {
    await eventually(async () => (await statuses(ids)).every((s) => s === 'running'), {
      tries: 500,
      everyMs: 20,
    }).catch(() => undefined); // the caller's assertion shows the statuses it found
    return statuses(ids);
  };
  const deploy = async (environmentName: string) => {
    const res = await grape.request({
      method: 'POST',
      url: '/v1/deployments',
      token: acme.deployer,
      payload: { project: 'network', environment: environmentName, operation: 'apply' },
    });
    expect(res.statusCode).toBe(202);
    return res.json() as { id: string; status: string };
  };

  it('dispatches each new deployment without a claim of its own', async () => {
    const created = [];
    for (let i = 0; i < 20; i++) created.push(await deploy(`loop-${i}`));
    expect(created.map((d) => d.status)).toEqual(Array(20).fill('dispatching'));
    expect(await untilRunning(created.map((d) => d.id))).toEqual(Array(20).fill('running'));
    expect(loopClaims).toBe(0);
  });

  it('claims what is left queued when woken, once', async () => {
    // A deployment of a busy environment stays queued; finishing the active one wakes the loop.
    const first = await deploy('loop-busy');
    const second = await deploy('loop-busy');
    expect([first.status, second.status]).toEqual(['dispatching', 'queued']);
    expect(await untilRunning([first.id])).toEqual(['running']);
    const before = loopClaims;
    await store.transitions.apply(
      first.id,
      ['running'],
      { status: 'succeeded' },
      { ...SYSTEM, action: 'deployment.succeeded' },
    );
    expect(await untilRunning([second.id])).toEqual(['running']);
    expect(loopClaims - before).toBe(1);
  });
});
