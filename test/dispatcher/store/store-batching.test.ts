/**
 * Deployment requests are group-committed (several requests, one statement): each request must
 * still get exactly its own outcome, the queue its true order, and the audit chain one event per
 * created deployment, in that order. Both databases.
 */
import { openStore, type Store } from '../../../dispatcher/src/store/store.js';
import { describeEachBackend, postgres, type TestStore } from '../helpers/backends.js';
import { manualClock } from '../helpers/clock.js';
import {
  IdempotencyConflict,
  type NewDeployment,
} from '../../../dispatcher/src/store/deployments-store.js';
import { sqlState, UNIQUE_VIOLATION } from '../../../dispatcher/src/store/db.js';
import type { ProjectInput } from '../../../dispatcher/src/store/records.js';

const ctx = { actor: 'tok_batch', sourceIp: '127.0.0.1', requestId: 'req-b' };
const projectInput: ProjectInput = {
  name: 'network',
  source: { repository: 'acme/infra', ref: 'main', path: '' },
  roleArn: null,
  region: 'eu-west-1',
  sessionDurationSeconds: 3600,
  backend: null,
  facts: null,
  protectedEnvironments: [],
};

describeEachBackend('group-committed deployment requests', (backend) => {
  let store: TestStore;
  let base: Omit<NewDeployment, 'environment'>;
  beforeAll(async () => {
    store = await backend.open(manualClock());
    const tenantId = (await store.tenants.create('acme-batch', ctx)).id;
    const projectId = (await store.projects.create(tenantId, projectInput, ctx)).id;
    base = {
      tenantId,
      projectId,
      operation: 'plan',
      ref: 'main',
      variables: { size: 3, note: 'ünïcode ✓' },
      idempotencyKey: null,
      requestHash: null,
    };
  });
  afterAll(() => store.close());

  it('gives concurrent requests of one environment consecutive queue places, in seq order', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        store.deployments.create({ ...base, environment: 'q' }, ctx),
      ),
    );
    expect(results.every((r) => r.created)).toBe(true);
    const bySeq = [...results].sort((a, b) => a.deployment.seq - b.deployment.seq);
    expect(bySeq.map((r) => r.queuePosition)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    for (const r of results)
      expect(r.queuePosition).toBe(await store.deployments.queuePosition(r.deployment));
    expect(new Set(results.map((r) => r.deployment.id)).size).toBe(40);
  });

  it('returns rows exactly as stored', async () => {
    const { deployment } = await store.deployments.create({ ...base, environment: 'row' }, ctx);
    expect(await store.deployments.get(base.tenantId, deployment.id)).toEqual(deployment);
    expect(deployment).toMatchObject({
      status: 'queued',
      requestedBy: 'tok_batch',
      variables: { size: 3, note: 'ünïcode ✓' },
    });
  });

  it('writes one audit event per created deployment, chained in the order of the rows', async () => {
    const created = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        store.deployments.create({ ...base, environment: `audit-${i % 3}` }, ctx),
      ),
    );
    const events = await store.db.query<{ object_id: string; seq: number }>(
      `SELECT object_id, seq FROM audit_events WHERE action = 'deployment.create'
       AND object_id = ANY($1) ORDER BY seq`,
      [created.map((c) => c.deployment.id)],
    );
    const rowOrder = [...created]
      .sort((a, b) => a.deployment.seq - b.deployment.seq)
      .map((c) => c.deployment.id);
    expect(events.map((e) => e.object_id)).toEqual(rowOrder);
    expect(await store.audit.verify()).toMatchObject({ ok: true });
  });

  it('settles one idempotency key sent many times at once: one deployment, replays, one conflict', async () => {
    const request = (requestHash: string) =>
      store.deployments
        .create({ ...base, environment: 'idem', idempotencyKey: 'same-key', requestHash }, ctx)
        .catch((error: unknown) => error);
    const results = await Promise.all([
      ...Array.from({ length: 12 }, () => request('h-1')),
      request('h-other'),
    ]);
    const outcomes = results.slice(0, 12) as Array<{
      created: boolean;
      deployment: { id: string };
    }>;
    expect(outcomes.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(outcomes.map((r) => r.deployment.id)).size).toBe(1);
    expect(results[12]).toBeInstanceOf(IdempotencyConflict);
    const [{ n }] = (await store.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM audit_events WHERE object_id = $1',
      [outcomes[0]!.deployment.id],
    )) as [{ n: number }];
    expect(n).toBe(1);
  });

  it('fails only the request that breaks a constraint, not the others flushed with it', async () => {
    const plan = (await store.deployments.create({ ...base, environment: 'approve' }, ctx))
      .deployment;
    const approve = () =>
      store.deployments
        .create(
          {
            ...base,
            environment: 'approve',
            operation: 'apply',
            approves: { id: plan.id, planSha256: 'a'.repeat(64) },
          },
          ctx,
        )
        .then(
          (r) => r.deployment.id,
          (error: unknown) => sqlState(error),
        );
    const others = Array.from({ length: 6 }, () =>
      store.deployments.create({ ...base, environment: 'bystander' }, ctx),
    );
    const approvals = await Promise.all([approve(), approve(), approve()]);
    expect(approvals.filter((a) => a === UNIQUE_VIOLATION)).toHaveLength(2);
    expect(approvals.filter((a) => a?.startsWith('dep_'))).toHaveLength(1);
    expect((await Promise.all(others)).every((r) => r.created)).toBe(true);
    expect(await store.audit.verify()).toMatchObject({ ok: true });
  });
});

(postgres.available ? describe : describe.skip)(`two replicas on ${postgres.name}`, () => {
  let a: TestStore;
  let b: Store;
  beforeAll(async () => {
    a = await postgres.open();
    b = await openStore({ kind: 'postgres', ...a.location! });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('report exact queue places for one environment requested through both at once', async () => {
    const tenantId = (await a.tenants.create('acme-two', ctx)).id;
    const projectId = (await a.projects.create(tenantId, projectInput, ctx)).id;
    const request = (store: Store) =>
      store.deployments.create(
        {
          tenantId,
          projectId,
          environment: 'shared',
          operation: 'plan',
          ref: 'main',
          variables: {},
          idempotencyKey: null,
          requestHash: null,
        },
        ctx,
      );
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => request(i % 2 === 0 ? a : b)),
    );
    const bySeq = [...results].sort((x, y) => x.deployment.seq - y.deployment.seq);
    expect(bySeq.map((r) => r.queuePosition)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(await a.audit.verify()).toMatchObject({ ok: true });
  });
});
