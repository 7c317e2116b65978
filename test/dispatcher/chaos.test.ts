/**
 * Chaos: two dispatcher replicas as real processes on one PostgreSQL, against the GitHub stand-in
 * injecting every fault the dispatcher must survive (5xx before and after the run exists, 429 with
 * Retry-After, secondary-limit 403s, dropped connections after the dispatch took effect, answers
 * after the deadline, none at all), more than 500 runs of other work created meanwhile, and
 * replicas SIGKILLed while a dispatch of theirs is in flight (then restarted). The stand-in counts
 * the runs created per deployment: every deployment gets exactly one (duplicates 0, lost 0).
 * Bounded: loopback only, a deadline on every wait; skipped without GRAPE_TEST_DATABASE_URL.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { postgres, type TestStore } from './helpers/backends.js';
import { chaosFaults } from './helpers/chaos-faults.js';
import { notifyCompleted, postDeployment } from './helpers/chaos-traffic.js';
import type { ManualClock } from './helpers/clock.js';
import {
  projectBody,
  seedTenant,
  startEnvironment,
  type Environment,
  type Tenant,
} from './helpers/dispatcher-fixture.js';
import { startReplica, type ReplicaProcess } from './helpers/replica-process.js';

const DEPLOYMENTS = Number(process.env['GRAPE_CHAOS_DEPLOYMENTS'] ?? 200);
const PROJECTS = 4;
const ENVIRONMENTS = 50;
const KILLS = 4;
const OTHER_RUNS = [300, 300];
const DEADLINE_MS = 2000;
const STALE_SECONDS = 5;
// Minutes on a crowded 2-core machine; seconds on an idle one. The hard bound, not the expectation.
const TEST_BUDGET_MS = 150_000;

/** Replicas and the stand-in run on the wall clock (separate processes cannot share a fake one). */
const wallClock = Object.assign(() => new Date(), {
  advance: () => {
    throw new Error('the chaos test runs on the wall clock');
  },
  set: () => {
    throw new Error('the chaos test runs on the wall clock');
  },
}) as ManualClock;

const debug = (m: string) =>
  process.env['GRAPE_CHAOS_DEBUG'] &&
  process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 23)}] ${m}\n`);
const byOperation = (requests: readonly { operationId: string }[]) => {
  const counts: Record<string, number> = {};
  for (const r of requests) counts[r.operationId] = (counts[r.operationId] ?? 0) + 1;
  return counts;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

(postgres.available ? describe : describe.skip)(`chaos, two replicas on ${postgres.name}`, () => {
  let environment: Environment;
  let store: TestStore;
  let acme: Tenant;
  const replicas = new Map<string, ReplicaProcess>();
  const dataDirs: string[] = [];
  /** Each replica is its own GitHub App id, so the stand-in can tell whose request it holds. */
  const appIds: Record<string, string> = { a: '1001', b: '1002' };
  const kills: { replica: string; deployment: string; at: number; recoveredMs?: number }[] = [];
  let replicaEnv: Record<string, string>;
  const allLogs: string[] = [];

  const ownerOf = (token: string | undefined): string | undefined => {
    const app = token ? environment.actions.tokenApps.get(token) : undefined;
    return Object.keys(appIds).find((name) => appIds[name] === app);
  };

  const start = async (name: string): Promise<void> => {
    const dataDir = await mkdtemp(path.join(tmpdir(), `grape-chaos-${name}-`));
    dataDirs.push(dataDir);
    replicas.set(
      name,
      await startReplica(name, {
        ...replicaEnv,
        GRAPE_DATA_DIR: dataDir,
        GITHUB_APP_ID: appIds[name]!,
      }),
    );
    debug(`started ${name}`);
  };

  beforeAll(async () => {
    environment = await startEnvironment(wallClock);
    store = await postgres.open(wallClock);
    acme = await seedTenant(store, 'acme');
    for (let p = 1; p < PROJECTS; p++)
      await store.projects.create(
        acme.id,
        { ...projectBody, name: `stack-${p}`, sessionDurationSeconds: 3600 },
        { actor: 'operator' },
      );
    const { url, schema } = store.location!;
    const specKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    replicaEnv = {
      ...environment.env,
      DATABASE_URL: `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      GRAPE_SPEC_SIGNING_KEY: specKey,
      GRAPE_LOG_LEVEL: 'info',
      GRAPE_RECONCILE_INTERVAL_MS: '3000',
      GRAPE_STALE_DISPATCH_SECONDS: String(STALE_SECONDS),
      GRAPE_GITHUB_REQUEST_TIMEOUT_MS: String(DEADLINE_MS),
      GRAPE_MAX_DISPATCH_ATTEMPTS: '50',
    };
  }, 60_000);

  afterAll(async () => {
    environment.github.faultPolicy = undefined;
    for (const r of replicas.values()) {
      allLogs.push(r.logs());
      r.kill('SIGKILL');
      await r.exited;
    }
    await store?.close();
    await environment?.close();
    await Promise.all(dataDirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it(
    `gives each of ${DEPLOYMENTS} deployments exactly one run through faults and ${KILLS} SIGKILLs`,
    async () => {
      const startedAt = Date.now();
      const deadline = startedAt + TEST_BUDGET_MS;
      const faults = chaosFaults({
        seed: 12,
        deadlineMs: DEADLINE_MS,
        budget: 90,
        dispatchRate: 0.2,
        readRate: 0.03,
      });
      // A kill is armed for one replica; its next dispatch is held (run created or not) and the
      // replica dies with the call in flight.
      let armed: string | undefined;
      environment.github.responseSampling = 10; // the contract is checked elsewhere
      environment.github.faultPolicy = (operationId, token, body) => {
        if (
          armed !== undefined &&
          operationId === 'actions/create-workflow-dispatch' &&
          ownerOf(token) === armed &&
          replicas.get(armed)?.alive()
        ) {
          const victim = replicas.get(armed)!;
          armed = undefined;
          const deployment = (body as { inputs: Record<string, string> }).inputs['deployment_id']!;
          kills.push({ replica: victim.name, deployment, at: Date.now() });
          setImmediate(() => victim.kill('SIGKILL'));
          debug(`kill ${victim.name} during ${deployment}`);
          return kills.length % 2 === 1 ? { kind: 'hang', afterEffect: true } : { kind: 'hang' };
        }
        return faults.pick(operationId);
      };

      await Promise.all([start('a'), start('b')]);

      const ids: string[] = [];
      const projects = [
        'network',
        ...Array.from({ length: PROJECTS - 1 }, (_, p) => `stack-${p + 1}`),
      ];
      const post = async (i: number): Promise<void> => {
        ids[i] = await postDeployment({
          replicas: () => [...replicas.values()],
          token: acme.deployer,
          key: `chaos-${i}`,
          body: {
            project: projects[i % PROJECTS],
            environment: `env-${i % ENVIRONMENTS}`,
            operation: 'apply',
          },
          spread: i,
          deadline,
        });
      };

      // Runs finish shortly after they appear; GitHub says so by webhook to a live replica (one
      // lost with a killed replica is made up for by the reconciler's poll).
      const seen = new Map<number, number>();
      const finisher = setInterval(() => {
        const now = Date.now();
        for (const run of environment.actions.runs) {
          if (run.status === 'completed' || !run.deploymentId.startsWith('dep_')) continue;
          if (!seen.has(run.id)) seen.set(run.id, now);
          else if (now - seen.get(run.id)! > 300) {
            environment.actions.complete(run.id, 'success');
            void notifyCompleted([...replicas.values()], run.id);
          }
        }
      }, 100);
      // Kills: armed one at a time, alternating replicas, each once the other one is up; a killed
      // replica restarts at once, in the background.
      const restarts: Promise<void>[] = [];
      const killer = (async () => {
        for (let k = 0; k < KILLS && Date.now() < deadline; k++) {
          await sleep(500);
          const name = k % 2 === 0 ? 'a' : 'b';
          while (![...replicas.values()].every((r) => r.alive()) && Date.now() < deadline)
            await sleep(50);
          armed = name;
          while (kills.length === k && Date.now() < deadline) await sleep(20);
          if (kills.length === k) break;
          const victim = replicas.get(name)!;
          await victim.exited;
          allLogs.push(victim.logs());
          restarts.push(start(name));
        }
      })();

      try {
        const posting: Promise<void>[] = [];
        for (let i = 0; i < DEPLOYMENTS; i++) {
          posting.push(post(i));
          if (i === 60 || i === 150)
            environment.actions.addOtherRuns(OTHER_RUNS[i === 60 ? 0 : 1]!);
          await sleep(100); // spread over the kills, so there is always a dispatch to kill in
        }
        await Promise.all(posting);
        debug('posted');
        await killer;
        await Promise.all(restarts);

        // Recovery: from each kill to its deployment leaving `dispatching`.
        let open = Infinity;
        while (open > 0 && Date.now() < deadline) {
          for (const kill of kills)
            if (kill.recoveredMs === undefined) {
              const d = await store.deployments.getById(kill.deployment);
              if (d && d.status !== 'dispatching') kill.recoveredMs = Date.now() - kill.at;
            }
          const [row] = await store.db.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM deployments WHERE status NOT IN ('succeeded', 'failed', 'cancelled')",
          );
          open = row!.n;
          if (process.env['GRAPE_CHAOS_DEBUG'])
            debug(
              `open ${open} ${JSON.stringify(await store.db.query("SELECT id, status, attempts, dispatch_started_at, run_id, updated_at FROM deployments WHERE status NOT IN ('succeeded') LIMIT 5"))}`,
            );
          if (open > 0) await sleep(200);
        }
      } finally {
        clearInterval(finisher);
        armed = undefined;
      }

      if (process.env['GRAPE_CHAOS_DEBUG'])
        (await import('node:fs')).writeFileSync(
          path.join(tmpdir(), 'grape-chaos-replicas.log'),
          allLogs.join('') + [...replicas.values()].map((r) => r.logs()).join(''),
        );
      const counts = environment.actions.runCounts();
      const duplicates = ids.filter((id) => (counts.get(id) ?? 0) > 1);
      const lost = ids.filter((id) => (counts.get(id) ?? 0) === 0);
      const statuses = await store.db.query<{ status: string; n: number }>(
        'SELECT status, count(*)::int AS n FROM deployments GROUP BY status ORDER BY status',
      );
      const recovered = kills.map((k) => k.recoveredMs ?? Infinity).sort((x, y) => x - y);
      const otherRuns =
        environment.actions.runs.length - [...counts.values()].reduce((a, b) => a + b, 0);
      process.stdout.write(
        `\n[chaos] ${ids.length} deployments, ${[...counts.values()].reduce((a, b) => a + b, 0)} runs for them, ` +
          `${otherRuns} other runs, duplicates ${duplicates.length}, lost ${lost.length}, ` +
          `${faults.injected()} faults ${JSON.stringify(Object.fromEntries(environment.github.faultsApplied))}, ` +
          `${kills.length} SIGKILLs, recovery after a kill (ms) ${JSON.stringify(recovered)}, ` +
          `${Math.round((Date.now() - startedAt) / 1000)} s, GitHub requests ${JSON.stringify(byOperation(environment.github.requests))}\n`,
      );

      expect(ids.filter(Boolean)).toHaveLength(DEPLOYMENTS);
      expect(new Set(ids).size).toBe(DEPLOYMENTS);
      expect(duplicates).toEqual([]);
      expect(lost).toEqual([]);
      expect(statuses).toEqual([{ status: 'succeeded', n: DEPLOYMENTS }]);
      expect(otherRuns).toBeGreaterThan(500);
      expect(kills).toHaveLength(KILLS);
      expect(recovered.every(Number.isFinite)).toBe(true);
      const kinds = [...environment.github.faultsApplied.keys()];
      for (const kind of [
        'answer:502',
        'answer:500',
        'answer:429',
        'answer:403',
        'drop',
        'late',
        'hang',
      ])
        expect(kinds).toContain(kind);
      expect(environment.github.violations).toEqual([]);
      expect(await store.audit.verify()).toMatchObject({ ok: true });
      // A silent GitHub is said in the log, and the replica went on dispatching.
      const logs = allLogs.join('') + [...replicas.values()].map((r) => r.logs()).join('');
      expect(logs).toMatch(
        /no answer to POST \/repos\/acme\/grape-runner\/actions\/workflows\/[^ ]+\/dispatches within the deadline \(GRAPE_GITHUB_REQUEST_TIMEOUT_MS=2000\)/,
      );
    },
    TEST_BUDGET_MS + 20_000,
  );
});
