/**
 * Drift-check schedules on PostgreSQL with two replicas: each slot of the cron expression (in its
 * time zone) is fired by exactly one replica, requesting one plan; after downtime only the latest
 * slot fires (no burst of missed ones), and a slot long past is skipped.
 */
import { openStore, type Store } from '../../dispatcher/src/store/store.js';
import { DriftScheduler, parseSchedule } from '../../dispatcher/src/schedules/drift-scheduler.js';
import { postgres, type TestStore } from './helpers/backends.js';
import { manualClock } from './helpers/clock.js';
import { seedTenant, type Tenant } from './helpers/dispatcher-fixture.js';

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
