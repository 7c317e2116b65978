/**
 * A drift check's outcome on both databases: a plan the scheduler requested is marked a drift
 * check; its run report records 'drifted' (the plan has changes, counted in the plan summary) or
 * 'in-sync'; a person's plan records nothing. 'drifted' queues a `deployment.drifted` webhook
 * delivery in the same transaction, for the deployment's own tenant only, and not also
 * `deployment.awaiting_approval` (no schedule asks for approval-then-apply; a person's plan with
 * changes still does); the list filters by it.
 */
import { DriftScheduler } from '../../../dispatcher/src/schedules/drift-scheduler.js';
import { NotificationsStore } from '../../../dispatcher/src/notifications/notifications-store.js';
import { createSecretBox } from '../../../dispatcher/src/notifications/secret-box.js';
import { notificationBody } from '../../../dispatcher/src/notifications/notification-body.js';
import { applyReport } from '../../../dispatcher/src/run-report/apply-report.js';
import { deploymentView } from '../../../dispatcher/src/routes/deployment-view.js';
import { describeEachBackend, type TestStore } from '../helpers/backends.js';
import { manualClock } from '../helpers/clock.js';
import { seedTenant, type Tenant } from '../helpers/dispatcher-fixture.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const SHA = 'a'.repeat(64);

describeEachBackend('a drift check', (backend) => {
  const clock = manualClock(new Date('2026-11-30T09:58:00Z'));
  let store: TestStore;
  let acme: Tenant;
  let globex: Tenant;
  let scheduler: DriftScheduler;
  let notifications: NotificationsStore;
  let runId = 100;
  let hour = 9;

  beforeAll(async () => {
    store = await backend.open(clock);
    acme = await seedTenant(store, 'acme');
    globex = await seedTenant(store, 'globex');
    scheduler = new DriftScheduler(store.db, store, clock, silent);
    notifications = new NotificationsStore(
      store.db,
      clock,
      createSecretBox(Buffer.from('drift test audit key'), 'test'),
    );
    for (const t of [acme, globex])
      await notifications.createHook(t.id, {
        url: 'https://hooks.example.com/grape',
        format: 'json',
        events: ['deployment.drifted', 'deployment.succeeded', 'deployment.awaiting_approval'],
        createdBy: 'test',
      });
    await scheduler.create({
      tenantId: acme.id,
      projectId: acme.project.id,
      environment: 'prod',
      cron: '0 * * * *',
      timeZone: 'UTC',
      createdBy: 'test',
    });
  });
  afterAll(() => store.close());

  /** Fires the next hourly slot and returns its plan, running. */
  const fire = async () => {
    hour += 1;
    clock.set(new Date(Date.UTC(2026, 10, 30, hour, 0, 30)));
    const [id] = await scheduler.tick();
    expect(id).toBeDefined();
    return running(id!);
  };
  const running = async (id: string) => {
    runId += 1;
    return (await store.transitions.apply(
      id,
      ['queued'],
      { status: 'running', runId },
      { actor: 'test', action: 'deployment.running' },
    ))!;
  };
  const report = (id: string, hasChanges: boolean, summary: Record<string, number>) => ({
    v: 1 as const,
    deploymentId: id,
    status: 'succeeded' as const,
    plan: { sha256: SHA, hasChanges, summary },
  });
  const deliveries = async (tenantId: string, event: string, deploymentId: string) =>
    (
      await store.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM notification_deliveries
         WHERE tenant_id = $1 AND event = $2 AND deployment_id = $3`,
        [tenantId, event, deploymentId],
      )
    )[0]!.n;

  it("records 'drifted' with the plan's counts and queues deployment.drifted for its tenant only", async () => {
    const d = await fire();
    expect(d.driftCheck).toBe(true);
    expect(d.drift).toBeNull();
    const after = await applyReport(
      store,
      d,
      report(d.id, true, { add: 0, change: 2, destroy: 1 }),
      String(d.runId),
    );
    expect(after).toMatchObject({
      drift: 'drifted',
      planSummary: { add: 0, change: 2, destroy: 1 },
    });
    expect(after!.status).toBe('awaiting-approval');
    expect(await deliveries(acme.id, 'deployment.drifted', d.id)).toBe(1);
    expect(await deliveries(globex.id, 'deployment.drifted', d.id)).toBe(0);
    // Told once, as drift: the schedule did not ask for an approval.
    expect(await deliveries(acme.id, 'deployment.awaiting_approval', d.id)).toBe(0);
    const told = { event: 'deployment.drifted', sentAt: clock(), deliveryId: 1, deployment: after };
    expect(
      JSON.parse(notificationBody('json', { ...told, publicUrl: 'https://grape.example.com' })),
    ).toMatchObject({
      event: 'deployment.drifted',
      deployment: { id: d.id, drift: 'drifted', plan: { change: 2, destroy: 1 } },
    });
    expect(
      JSON.parse(notificationBody('slack', { ...told, publicUrl: 'https://grape.example.com' })),
    ).toMatchObject({ text: expect.stringContaining(`(${d.id}) found drift`) });
    const view = deploymentView(after!, acme.project, undefined);
    expect(view).toMatchObject({
      driftCheck: true,
      drift: 'drifted',
      plan: { hasChanges: true, summary: { add: 0, change: 2, destroy: 1 } },
    });
  });

  it("records 'in-sync' when the plan has no changes, and sends no drift event", async () => {
    const d = await fire();
    const after = await applyReport(
      store,
      d,
      report(d.id, false, { add: 0, change: 0, destroy: 0 }),
      String(d.runId),
    );
    expect(after).toMatchObject({ status: 'succeeded', drift: 'in-sync' });
    expect(await deliveries(acme.id, 'deployment.drifted', d.id)).toBe(0);
    expect(await deliveries(acme.id, 'deployment.succeeded', d.id)).toBe(1);
  });

  it('records no drift for a plan a person requested, even with changes', async () => {
    const { deployment } = await store.deployments.create(
      {
        tenantId: acme.id,
        projectId: acme.project.id,
        environment: 'staging',
        operation: 'plan',
        ref: 'main',
        variables: {},
        idempotencyKey: null,
        requestHash: null,
      },
      { actor: 'someone' },
    );
    const d = await running(deployment.id);
    expect(d.driftCheck).toBe(false);
    const after = await applyReport(store, d, report(d.id, true, { add: 1 }), String(d.runId));
    expect(after).toMatchObject({ status: 'awaiting-approval', drift: null });
    expect(await deliveries(acme.id, 'deployment.drifted', d.id)).toBe(0);
    expect(await deliveries(acme.id, 'deployment.awaiting_approval', d.id)).toBe(1);
  });

  it('lists deployments by drift outcome, within the tenant', async () => {
    const list = (tenantId: string, drift: 'in-sync' | 'drifted') =>
      store.deployments.list(tenantId, { drift, limit: 10 });
    expect((await list(acme.id, 'drifted')).map((d) => d.drift)).toEqual(['drifted']);
    expect((await list(acme.id, 'in-sync')).map((d) => d.drift)).toEqual(['in-sync']);
    expect(await list(globex.id, 'drifted')).toEqual([]);
  });
});
