/**
 * Wires a dispatcher from its configuration: store (migrated), spec key, GitHub App client and
 * executor, dispatch loop, reconciler, report verifier, HTTP app. Tests use the same function with
 * seams (clock, store, executor wrapper, Octokit timing) instead of patching modules.
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { AUDIT_ANCHOR_FILE } from './audit/audit-anchor.js';
import { AUDIT_ANCHOR_INTERVAL_MS, AuditAnchorWriter } from './audit/audit-anchor-writer.js';
import { loadAuditKey } from './audit/audit-key.js';
import { buildApp, loggerOptions } from './app.js';
import type { AppContext } from './app-context.js';
import type { DispatcherConfig } from './config.js';
import type { Log } from './dispatch/dispatch-deps.js';
import { DispatchLoop } from './dispatch/dispatch-loop.js';
import { Reconciler } from './dispatch/reconciler.js';
import { listenForDispatchWork } from './dispatch/dispatch-wakeup.js';
import type { Executor } from './executor/executor.js';
import { GitHubExecutor } from './executor/github-executor.js';
import { LocalExecutor, type ReportSink } from './executor/local-executor.js';
import { applyReport } from './run-report/apply-report.js';
import { createOctokit, type OctokitOptions } from './github/create-octokit.js';
import { RateBudget } from './github/rate-budget.js';
import { createMetrics } from './http/metrics.js';
import { createLogHub } from './logs/log-hub.js';
import { NotificationSender, type SenderDeps } from './notifications/notification-sender.js';
import { NotificationsStore } from './notifications/notifications-store.js';
import { sealHookSecrets } from './notifications/seal-hook-secrets.js';
import { createSecretBox } from './notifications/secret-box.js';
import { DriftScheduler } from './schedules/drift-scheduler.js';
import { startLogRetention } from './logs/log-retention.js';
import { createRunLogWriter } from './logs/run-log-writer.js';
import { RunLogsStore } from './logs/run-logs-store.js';
import { createReportVerifier } from './run-report/verify-report-token.js';
import { loadSpecKey } from './spec-key.js';
import { openStore, type Store } from './store/store.js';

export interface DispatcherSeams {
  readonly clock?: () => Date;
  /** An already open store (not closed with the app). */
  readonly store?: Store;
  /** Wraps the executor (fault injection). */
  readonly wrapExecutor?: (executor: Executor) => Executor;
  readonly octokit?: Partial<
    Pick<OctokitOptions, 'retryAfterBaseValue' | 'spaceWrites' | 'maxInlineWaitSeconds' | 'fetch'>
  >;
  /** Start the dispatch and reconcile timers (default true; tests call `tick()` instead). */
  readonly loops?: boolean;
  readonly logger?: false;
  /**
   * What wakes the dispatch loop besides its interval: `listen` (default) any replica's NOTIFY and
   * this process's own requests, `local` only this process's requests, `poll` nothing (benchmark
   * baselines).
   */
  readonly wakeup?: 'listen' | 'local' | 'poll';
  /** With `listen`: claim in the creating transaction when the loop has room (default true). */
  readonly claimOnCreate?: boolean;
  /** Webhook sending: DNS lookup, retries and backoff (tests shorten them). */
  readonly notifications?: Partial<
    Pick<SenderDeps, 'lookup' | 'retries' | 'minTimeoutMs' | 'timeoutMs' | 'policy'>
  >;
}

export interface Dispatcher {
  readonly app: FastifyInstance;
  readonly ctx: AppContext;
  /** Writes the audit anchor file now (it also follows the head on a timer, and at close). */
  readonly anchorAudit: () => Promise<void>;
}

const silent: Log = { info: () => undefined, warn: () => undefined, error: () => undefined };

export async function createDispatcher(
  config: DispatcherConfig,
  seams: DispatcherSeams = {},
): Promise<Dispatcher> {
  const clock = seams.clock ?? (() => new Date());
  const holder: { log: Log } = { log: silent };
  const log: Log = {
    info: (o, m) => holder.log.info(o, m),
    warn: (o, m) => holder.log.warn(o, m),
    error: (o, m) => holder.log.error(o, m),
  };
  const store =
    seams.store ??
    (await openStore(config.database, clock, {
      onCachingUnavailable: () =>
        log.warn(
          {},
          'Token and project lookups are not cached: this replica does not receive its own PostgreSQL notifications (LISTEN/NOTIFY), so it could not learn of a revocation made elsewhere. Point DATABASE_URL at PostgreSQL directly or at a session-pooling PgBouncer, not a transaction-pooling one.',
        ),
    }));
  const specKey = await loadSpecKey(config.specSigningKey, config.dataDir);
  const auditKey = (await loadAuditKey(config.auditKey, config.dataDir))!;
  const keyedFrom = await store.audit.seal(auditKey);
  const anchors = new AuditAnchorWriter(store, path.join(config.dataDir, AUDIT_ANCHOR_FILE), log);
  const budget = new RateBudget(clock);
  const metrics = createMetrics(() => store.deployments.countByStatus(), seams.logger !== false);
  const sink: { report: ReportSink } = { report: async () => undefined };
  const runLogs = new RunLogsStore(store.db, clock, config.logs.maxBytesPerRun);
  const logHub = createLogHub();
  // Webhook secrets sealed under a subkey of the audit key; clear ones from before are sealed now,
  // and a replica with another key refuses to start here (notifications/seal-hook-secrets.ts).
  const secretBox = createSecretBox(auditKey.secret, auditKey.source);
  const sealedNow = await sealHookSecrets(store.db, secretBox);
  if (sealedNow > 0) log.info({ hooks: sealedNow }, 'encrypted webhook secrets stored in clear');
  const notifications = new NotificationsStore(store.db, clock, secretBox);
  const settings = config.executor;
  const base: Executor =
    settings.kind === 'github'
      ? new GitHubExecutor(
          createOctokit(settings.github, {
            clock,
            budget,
            requestTimeoutMs: config.timings.githubRequestTimeoutMs,
            ...seams.octokit,
          }).octokit,
          settings.github,
          clock,
          config.timings.githubRequestTimeoutMs,
        )
      : new LocalExecutor(
          settings.local,
          specKey.publicKeyPem,
          () => sink.report,
          process.env,
          () => new Date(),
          (deploymentId) =>
            createRunLogWriter(
              {
                logs: runLogs,
                hub: logHub,
                onError: (error) =>
                  log.warn({ deploymentId, err: error }, 'run log streaming stopped'),
              },
              deploymentId,
            ),
        );
  const executor = seams.wrapExecutor ? seams.wrapExecutor(base) : base;
  const reportVerifier = createReportVerifier(config.reportAuth, clock);

  const deps = { store, executor, specKey, config, clock, budget, metrics, log };
  const driftScheduler = new DriftScheduler(store.db, store, clock, log);
  const notificationSender = new NotificationSender({
    notifications,
    store,
    policy: config.notifyAllow,
    publicUrl: config.publicUrl,
    clock,
    log,
    ...seams.notifications,
  });
  const wakeup = seams.wakeup ?? 'listen';
  const loop = new DispatchLoop(deps);
  const reconciler = new Reconciler(deps);
  const ctx: AppContext = {
    ...deps,
    loop,
    reconciler,
    reportVerifier,
    runLogs,
    logHub,
    notifications,
    notificationSender,
    driftScheduler,
    // Without loops (tests, benchmarks) nothing dispatches behind the caller's back.
    wake:
      seams.loops === false || wakeup === 'poll'
        ? () => undefined
        : () => void setImmediate(() => void loop.tick().catch(() => undefined)),
  };
  // The replica that takes a request claims it in the creating transaction when its loop has room.
  const stopClaiming =
    seams.loops !== false && wakeup === 'listen' && seams.claimOnCreate !== false
      ? store.deployments.claimWith(loop)
      : () => undefined;
  const stopWakeups =
    seams.loops !== false && wakeup === 'listen'
      ? await listenForDispatchWork(store.db, () => void loop.tick().catch(() => undefined), log)
      : async () => undefined;
  const stopLogWakeups = await logHub.listen(store.db);
  const stopNotifyWakeups =
    seams.loops !== false
      ? await store.db.listen('grape_notify', {
          onMessage: () => notificationSender.wake(),
          onListening: () => undefined,
        })
      : async () => undefined;
  const stopRetention = startLogRetention(runLogs, config.logs.retentionDays, clock, log);
  // A local run's report takes the same path as a GitHub run's (POST /v1/runs/report).
  sink.report = async (deployment, runId, report) => {
    await applyReport(store, deployment, report, String(runId));
    ctx.wake();
  };
  let schedules: NodeJS.Timeout | undefined;
  const app = await buildApp(ctx, {
    logger: seams.logger === false ? false : loggerOptions(config.logLevel),
    onClose: async () => {
      stopClaiming();
      await stopWakeups();
      await stopLogWakeups();
      clearInterval(schedules);
      await stopNotifyWakeups();
      await notificationSender.stop();
      stopRetention();
      await loop.stop();
      await reconciler.stop();
      await anchors.stop();
      if (!seams.store) await store.close();
    },
  });
  holder.log = app.log;
  if (seams.loops !== false) {
    loop.start(config.timings.dispatchIntervalMs);
    reconciler.start(config.timings.reconcileIntervalMs);
    anchors.start(AUDIT_ANCHOR_INTERVAL_MS);
    notificationSender.start(5000);
    schedules = setInterval(
      () =>
        void driftScheduler
          .tick()
          .then((fired) => (fired.length > 0 ? ctx.wake() : undefined))
          .catch((error: Error) => log.warn({ err: error }, 'drift-check schedules failed')),
      30_000,
    );
    schedules.unref();
  }
  if (config.auditKey === undefined && config.database.kind === 'postgres')
    app.log.warn(
      { auditKeyId: auditKey.id },
      "GRAPE_AUDIT_KEY is not set: this replica seals the audit chain with a key from its own data dir. Replicas sharing this database must share one key (else `grape audit verify` refuses the others' events): set GRAPE_AUDIT_KEY on every replica.",
    );
  if (auditKey.generated)
    app.log.info(
      { auditKeyId: auditKey.id, keyedFrom },
      `generated an audit key in ${config.dataDir}; back it up with the data dir (without it the audit chain can only be verified as a plain hash chain)`,
    );
  if (config.specSigningKey === undefined && config.database.kind === 'postgres')
    app.log.warn(
      { kid: specKey.kid },
      'GRAPE_SPEC_SIGNING_KEY is not set: this replica signs specs with a key generated into its own data dir. Replicas sharing this database must share one key (runner repos trust one public key): set GRAPE_SPEC_SIGNING_KEY on every replica.',
    );
  if (specKey.generated)
    app.log.info(
      { kid: specKey.kid },
      `generated a spec-signing key in ${config.dataDir}; give runner repos its public key:\n${specKey.publicKeyPem}`,
    );
  return { app, ctx, anchorAudit: () => anchors.write() };
}
