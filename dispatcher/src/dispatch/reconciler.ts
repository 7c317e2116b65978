/**
 * The slow poll that makes the dispatcher correct without webhooks and after crashes:
 * - `dispatching` attempts gone stale: look for the run first (it may exist: a crash after GitHub
 *   accepted, a 5xx after it did); found → `running`; dispatched but still no run after the
 *   runner-start timeout → `failed` ("runner never started"); never accepted → dispatch again,
 *   up to the attempt limit. Every move is a compare-and-set on the attempt number with the
 *   staleness re-checked in the same UPDATE, so of two replicas resuming the same attempt one wins
 *   and the other writes nothing; staleness (GRAPE_STALE_DISPATCH_SECONDS) is at least twice the
 *   GitHub request deadline, so the attempt being resumed can no longer reach GitHub.
 * - `running` deployments not heard of for a while: read the run, apply its outcome.
 */
import { SYSTEM } from '../audit/audit-event.js';
import type { Deployment } from '../store/records.js';
import { cancelLostRuns } from './cancel-lost-runs.js';
import { dispatchDeployment, fail } from './dispatch-deployment.js';
import type { DispatchDeps } from './dispatch-deps.js';
import { runOutcome } from './run-outcome.js';

const RECONCILE_CONCURRENCY = 4;

export class Reconciler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: DispatchDeps) {}

  tick(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<void> {
    const { store, clock, config } = this.deps;
    const now = clock().getTime();
    const stale = new Date(now - config.timings.staleDispatchSeconds * 1000);
    const quiet = new Date(now - config.timings.reconcileIntervalMs);
    // A few at a time: one slow GitHub answer must not hold every other deployment's recovery.
    const queue = await store.transitions.listForReconcile(stale, quiet, 100);
    const worker = async (): Promise<void> => {
      for (let d = queue.shift(); d; d = queue.shift()) {
        try {
          await (d.status === 'dispatching' ? this.resumeDispatch(d, stale) : this.refresh(d));
        } catch (error) {
          this.deps.log.warn(
            { deployment: d.id, err: String(error) },
            'reconcile failed; will retry',
          );
        }
      }
    };
    await Promise.all(Array.from({ length: RECONCILE_CONCURRENCY }, worker));
    this.deps.metrics.queueDepth.set(await store.transitions.queueDepth());
  }

  private async resumeDispatch(d: Deployment, staleBefore: Date): Promise<void> {
    const { executor, store, clock, config } = this.deps;
    const guard = { attempt: d.attempts, staleBefore };
    const runs = await executor.findRuns(d);
    // Two runs would be a bug elsewhere; follow the oldest one not already cancelled.
    const run = runs.find((r) => r.conclusion !== 'cancelled') ?? runs[0];
    if (run) {
      const patch = runOutcome(d, run) ?? {};
      await store.transitions.apply(
        d.id,
        ['dispatching'],
        {
          status: 'running',
          ...patch,
          runId: run.runId,
          runUrl: run.runUrl,
          dispatchedAt: d.dispatchedAt ?? clock(),
        },
        { ...SYSTEM, action: 'deployment.reconciled', data: { runId: run.runId } },
        guard,
      );
      if (runs.length > 1) await cancelLostRuns(d.id, runs, d.attempts, this.deps);
      return;
    }
    const started = d.dispatchedAt ?? d.dispatchStartedAt ?? d.createdAt;
    const waited = clock().getTime() - started.getTime();
    if (d.dispatchedAt) {
      if (waited > config.timings.runnerStartTimeoutSeconds * 1000)
        await fail(
          d,
          `runner never started: GitHub accepted the dispatch but no run carrying ${d.id} appeared within ${config.timings.runnerStartTimeoutSeconds}s`,
          this.deps,
          guard,
        );
      return;
    }
    if (d.cancelRequestedAt) {
      await store.transitions.apply(
        d.id,
        ['dispatching'],
        { status: 'cancelled', statusReason: 'cancelled before its run started' },
        { ...SYSTEM, action: 'deployment.cancelled' },
        guard,
      );
      return;
    }
    if (d.attempts >= config.timings.maxDispatchAttempts) {
      await fail(
        d,
        `runner never started: ${d.attempts} dispatch attempts got no run`,
        this.deps,
        guard,
      );
      return;
    }
    // No run exists (the listing was read to its end) and the attempt can no longer start one:
    // dispatching again cannot make a second run. Only one replica's UPDATE matches.
    const retried = await store.transitions.apply(
      d.id,
      ['dispatching'],
      { dispatchStartedAt: clock(), attempts: d.attempts + 1 },
      { ...SYSTEM, action: 'deployment.redispatching', data: { attempt: d.attempts + 1 } },
      guard,
    );
    if (retried) await dispatchDeployment(retried, this.deps);
  }

  private async refresh(d: Deployment): Promise<void> {
    if (d.runId === null) return;
    const run = await this.deps.executor.getRun(d.runId);
    if (!run) return;
    const patch = runOutcome(d, run);
    if (patch)
      await this.deps.store.transitions.apply(d.id, ['running'], patch, {
        ...SYSTEM,
        action: `deployment.${patch.status ?? 'updated'}`,
        data: { source: 'reconcile' },
      });
  }

  start(intervalMs: number): void {
    const loop = (): void => {
      this.timer = setTimeout(() => {
        void this.tick().finally(() => this.timer !== undefined && loop());
      }, intervalMs);
      this.timer.unref();
    };
    loop();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }
}
