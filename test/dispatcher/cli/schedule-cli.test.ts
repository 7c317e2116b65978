/**
 * `grape schedule create|list|delete` against a real dispatcher (/v1/drift-schedules), and a
 * drift check's outcome as `grape show` and `grape deployments --drift` print it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DriftScheduler } from '../../../dispatcher/src/schedules/drift-scheduler.js';
import { applyReport } from '../../../dispatcher/src/run-report/apply-report.js';
import { pglite, type TestStore } from '../helpers/backends.js';
import { manualClock } from '../helpers/clock.js';
import { runRecordedCli } from '../helpers/recording-cli.js';
import {
  seedTenant,
  startDispatcher,
  startEnvironment,
  type Environment,
  type Tenant,
  type TestDispatcher,
} from '../helpers/dispatcher-fixture.js';

const clock = manualClock(new Date('2026-11-30T11:58:00Z'));
let environment: Environment;
let store: TestStore;
let grape: TestDispatcher;
let acme: Tenant;
let url: string;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'grape-schedule-cli-'));
  environment = await startEnvironment(clock);
  store = await pglite.open(clock);
  grape = await startDispatcher(environment, store);
  acme = await seedTenant(store, 'acme');
  url = await grape.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await grape.app.close();
  await store.close();
  await environment.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function cli(args: string[], token = acme.admin) {
  const run = await runRecordedCli(args, {
    store,
    dataDir,
    env: { GRAPE_URL: url, GRAPE_TOKEN: token },
    version: '1.2.3-test',
  });
  return { code: run.code, out: run.out.join('\n'), err: run.err.join('\n') };
}

describe('grape schedule', () => {
  let id: string;

  it('creates a schedule and prints it with its next run', async () => {
    const created = await cli([
      'schedule',
      'create',
      '--project',
      'network',
      '--env',
      'prod',
      '--cron',
      '0 * * * *',
      '--time-zone',
      'Europe/Paris',
    ]);
    expect(created).toMatchObject({
      code: 0,
      out: `${created.out.split('\t')[0]}\t${acme.project.id}\tprod\t0 * * * *\tEurope/Paris\t2026-11-30T12:00:00.000Z`,
    });
    id = created.out.split('\t')[0]!;
    expect(id).toMatch(/^sch_[0-9a-f]{20}$/);
    expect((await cli(['schedule', 'list'])).out).toBe(created.out);
  });

  it("names the dispatcher's objection to a bad cron expression, and a deployer's lack of rights", async () => {
    const bad = await cli([
      'schedule',
      'create',
      '--project',
      'network',
      '--env',
      'staging',
      '--cron',
      '61 * * * *',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("cron '61 * * * *' is not a cron expression");
    const deployer = await cli(['schedule', 'list'], acme.deployer);
    expect(deployer.code).not.toBe(0);
    expect(deployer.err).toContain('403');
  });

  it('shows a drift check as drifted, and lists by drift outcome', async () => {
    clock.set(new Date('2026-11-30T12:00:30Z'));
    const [fired] = await new DriftScheduler(store.db, store, clock, {
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    }).tick();
    const running = (await store.transitions.apply(
      fired!,
      ['queued', 'dispatching'],
      { status: 'running', runId: 4242 },
      { actor: 'test', action: 'deployment.running' },
    ))!;
    await applyReport(
      store,
      running,
      {
        v: 1,
        deploymentId: fired!,
        status: 'succeeded',
        plan: { sha256: 'b'.repeat(64), hasChanges: true, summary: { update: 2 } },
      },
      '4242',
    );
    const api = (query: string) =>
      grape.request({ method: 'GET', url: `/v1/deployments?${query}`, token: acme.viewer });
    const listed = await api('drift=drifted');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toEqual([
      expect.objectContaining({ id: fired, driftCheck: true, drift: 'drifted' }),
    ]);
    const refused = await api('drift=maybe');
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('drift');
    const shown = await cli(['show', fired!]);
    expect(shown.out).toMatch(/^drift: {10}drifted \(scheduled drift check\)$/m);
    expect(shown.out).toMatch(/^plan: {11}\+0 ~2 -0 {2}sha256 b{64}$/m);
    const drifted = await cli(['deployments', '--drift', 'drifted']);
    expect(drifted.out).toMatch(
      new RegExp(`^${fired}\\tnetwork\\tprod\\tplan\\t\\S+\\t\\+0 ~2 -0\\tdrifted\\t`),
    );
    expect((await cli(['deployments', '--drift', 'in-sync'])).err).toBe('No deployments.');
    expect((await cli(['deployments', '--drift', 'maybe'])).err).toBe(
      "grape: --drift 'maybe' is not a drift outcome: use --drift drifted or --drift in-sync.",
    );
  });

  it('deletes a schedule, and refuses what is not a schedule id', async () => {
    expect(await cli(['schedule', 'delete', id])).toMatchObject({ code: 0, out: `deleted ${id}` });
    expect((await cli(['schedule', 'list'])).err).toBe('No drift-check schedules.');
    const wrong = await cli(['schedule', 'delete', 'nope']);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain("'nope' is not a schedule id");
  });
});
