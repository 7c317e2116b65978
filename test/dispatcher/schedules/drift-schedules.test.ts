/**
 * Drift-check schedules on PostgreSQL with two replicas: each slot of the cron expression (in its
 * time zone) is fired by exactly one replica, requesting one plan; after downtime only the latest
 * slot fires (no burst of missed ones), and a slot long past is skipped. The API keeps one
 * schedule per environment, names a bad field, and keeps each tenant's schedules its own.
 */
import { openStore, type Store } from '../../../dispatcher/src/store/store.js';
import {
  DriftScheduler,
  parseSchedule,
} from '../../../dispatcher/src/schedules/drift-scheduler.js';
import { pglite, postgres, type TestStore } from '../helpers/backends.js';
import { manualClock } from '../helpers/clock.js';
import {
  seedTenant,
  startDispatcher,
  startEnvironment,
  type Environment,
  type Tenant,
  type TestDispatcher,
} from '../helpers/dispatcher-fixture.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const describePg = postgres.available ? describe : describe.skip;

describePg('two replicas firing one schedule', () => {
  const clock = manualClock(new Date('2026-11-30T09:58:00Z'));
  let first: TestStore;
  let second: Store;
  let acme: Tenant;
  let replicas: DriftScheduler[];

  beforeAll(async () => {
    first = await postgres.open(clock);
    second = await openStore({ kind: 'postgres', ...first.location! }, clock);
    acme = await seedTenant(first, 'acme');
    replicas = [
      new DriftScheduler(first.db, first, clock, silent),
      new DriftScheduler(second.db, second, clock, silent),
    ];
    // Hourly at :00 in Paris (UTC+1 in winter).
    await replicas[0]!.create({
      tenantId: acme.id,
      projectId: acme.project.id,
      environment: 'prod',
      cron: '0 * * * *',
      timeZone: 'Europe/Paris',
      createdBy: 'test',
    });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  const plans = async () =>
    (
      await first.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM deployments WHERE environment = 'prod' AND operation = 'plan'",
      )
    )[0]!.n;
  const bothTick = async () => (await Promise.all(replicas.map((r) => r.tick()))).flat();

  it('fires each slot once, whichever replica wins', async () => {
    expect(await bothTick()).toEqual([]); // 09:58: the 09:00 slot predates the schedule
    clock.set(new Date('2026-11-30T10:00:30Z'));
    const fired = await bothTick();
    expect(fired).toHaveLength(1);
    expect(await bothTick()).toEqual([]);
    expect(await plans()).toBe(1);
    const [d] = await first.db.query<{ requested_by: string }>(
      'SELECT requested_by FROM deployments WHERE id = $1',
      [fired[0]],
    );
    expect(d!.requested_by).toMatch(/^schedule:sch_[0-9a-f]{20}$/);
  });

  it('after five hours down, fires only the latest slot, and skips a slot long past', async () => {
    clock.set(new Date('2026-11-30T15:03:00Z'));
    expect(await bothTick()).toHaveLength(1);
    expect(await plans()).toBe(2);
    clock.set(new Date('2026-11-30T16:30:00Z')); // the 16:00 slot is 30 minutes late
    expect(await bothTick()).toEqual([]);
    expect(await plans()).toBe(2);
  });
});

describe('a schedule', () => {
  it('names a bad cron expression or time zone', () => {
    expect(() => parseSchedule('61 * * * *', 'UTC')).toThrow(
      /^cron '61 \* \* \* \*' is not a cron expression \(.+\): use e\.g\. '0 3 \* \* \*'/,
    );
    expect(() => parseSchedule('0 3 * * *', 'Mars/Olympus')).toThrow(
      "timeZone 'Mars/Olympus' is not an IANA time zone: use e.g. 'Europe/Paris' or 'UTC'.",
    );
    expect(
      parseSchedule('0 3 * * *', 'Europe/Paris').nextRun(new Date('2026-11-30T12:00:00Z')),
    ).toEqual(new Date('2026-12-01T02:00:00Z'));
  });
});

describe('the schedules API', () => {
  let environment: Environment;
  let store: TestStore;
  let grape: TestDispatcher;
  let acme: Tenant;
  let globex: Tenant;
  beforeAll(async () => {
    environment = await startEnvironment(manualClock(new Date('2026-11-30T12:00:00Z')));
    store = await pglite.open(environment.clock);
    grape = await startDispatcher(environment, store);
    acme = await seedTenant(store, 'acme');
    globex = await seedTenant(store, 'globex');
  });
  afterAll(async () => {
    await grape.app.close();
    await store.close();
    await environment.close();
  });
  const create = (tenant: Tenant, payload: Record<string, unknown>) =>
    grape.request({ method: 'POST', url: '/v1/drift-schedules', token: tenant.admin, payload });

  it('creates one schedule per environment, says when it runs next, and keeps it to its tenant', async () => {
    const res = await create(acme, {
      project: 'network',
      environment: 'prod',
      cron: '0 3 * * *',
      timeZone: 'Europe/Paris',
    });
    expect(res.statusCode).toBe(201);
    const schedule = res.json();
    expect(schedule).toMatchObject({
      projectId: acme.project.id,
      environment: 'prod',
      nextRun: '2026-12-01T02:00:00.000Z',
    });
    const again = await create(acme, {
      project: 'network',
      environment: 'prod',
      cron: '0 4 * * *',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('network/prod already has a schedule: delete it first.');
    expect(
      (
        await grape.request({ method: 'GET', url: '/v1/drift-schedules', token: globex.admin })
      ).json(),
    ).toEqual({ items: [] });
    const foreign = await grape.request({
      method: 'DELETE',
      url: `/v1/drift-schedules/${schedule.id}`,
      token: globex.admin,
    });
    expect(foreign.statusCode).toBe(404);
    const deleted = await grape.request({
      method: 'DELETE',
      url: `/v1/drift-schedules/${schedule.id}`,
      token: acme.admin,
    });
    expect(deleted.statusCode).toBe(204);
  });

  it('names a bad cron expression or time zone (422), and a project of another tenant as absent', async () => {
    const badCron = await create(acme, {
      project: 'network',
      environment: 'dev',
      cron: '0 25 * * *',
    });
    expect(badCron.statusCode).toBe(422);
    expect(badCron.json().problems[0]).toMatchObject({ field: 'cron' });
    const badZone = await create(acme, {
      project: 'network',
      environment: 'dev',
      cron: '0 3 * * *',
      timeZone: 'Mars/Olympus',
    });
    expect(badZone.json().problems[0]).toMatchObject({ field: 'timeZone' });
    const foreign = await create(globex, {
      project: acme.project.id,
      environment: 'dev',
      cron: '0 3 * * *',
    });
    expect(foreign.statusCode).toBe(404);
  });
});
