/**
 * Two dispatcher replicas on one PostgreSQL: 200 concurrent requests spread over both, both
 * dispatch loops racing → exactly one workflow run per deployment, none lost, one chain of audit.
 */
import { openStore, type Store } from '../../dispatcher/src/store/store.js';
import { postgres, type TestStore } from './helpers/backends.js';
import {
  seedTenant,
  startDispatcher,
  startEnvironment,
  type Environment,
  type Tenant,
  type TestDispatcher,
} from './helpers/dispatcher-fixture.js';

(postgres.available ? describe : describe.skip)(`two replicas on ${postgres.name}`, () => {
  let environment: Environment;
  let storeA: TestStore;
  let storeB: Store;
  let a: TestDispatcher;
  let b: TestDispatcher;
  let acme: Tenant;

  beforeAll(async () => {
    environment = await startEnvironment();
    storeA = await postgres.open(environment.clock);
    storeB = await openStore(
      { kind: 'postgres', ...storeA.location!, poolSize: 10 },
      environment.clock,
    );
    a = await startDispatcher(environment, storeA);
    b = await startDispatcher(environment, { ...storeB, location: storeA.location });
    acme = await seedTenant(storeA, 'acme');
  });
  afterAll(async () => {
    await Promise.all([a.app.close(), b.app.close()]);
    await storeB.close();
    await storeA.close();
    await environment.close();
  });

  it('dispatches each of 200 concurrent deployments exactly once', async () => {
    const requests = Array.from({ length: 200 }, (_, i) =>
      (i % 2 === 0 ? a : b).request({
        method: 'POST',
        url: '/v1/deployments',
        token: acme.deployer,
        payload: { project: 'network', environment: `env-${i % 100}`, operation: 'apply' },
        headers: { 'idempotency-key': `req-${i}` },
      }),
    );
    const responses = await Promise.all(requests);
    expect(responses.map((r) => r.statusCode)).toEqual(Array(200).fill(202));
    const ids = responses.map((r) => r.json().id as string);
    expect(new Set(ids).size).toBe(200);

    // Both loops race until nothing is left: finish what runs, let the queue move on.
    for (let round = 0; round < 5; round++) {
      await Promise.all([
        a.ctx.loop.tick(),
        b.ctx.loop.tick(),
        a.ctx.loop.tick(),
        b.ctx.loop.tick(),
      ]);
      for (const run of environment.actions.runs)
        if (run.status !== 'completed') environment.actions.complete(run.id, 'success');
      environment.clock.advance(31_000);
      await Promise.all([a.ctx.reconciler.tick(), b.ctx.reconciler.tick()]);
    }
    for (const id of ids) expect(environment.actions.runsFor(id)).toHaveLength(1);
    expect(environment.actions.runs).toHaveLength(200);
    const statuses = await storeA.db.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM deployments GROUP BY status',
    );
    expect(statuses).toEqual([{ status: 'succeeded', n: 200 }]);
    expect(environment.github.violations).toEqual([]);
  });

  it('keeps one intact audit chain across both replicas', async () => {
    expect(await storeB.audit.verify()).toMatchObject({ ok: true });
  });
});
