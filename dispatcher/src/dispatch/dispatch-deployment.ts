/**
 * One dispatch attempt for a deployment already marked `dispatching` (its attempt time is in the
 * row, committed before GitHub is called). Outcomes:
 * - accepted with the run id → `running`;
 * - accepted without it (204) → `dispatchedAt` set, then the run is looked up by its name;
 * - refused (4xx) → `failed` with GitHub's reason;
 * - not accepted (rate limit) → back to `queued` after Retry-After;
 * - not sent (the attempt's deadline passed before the request left) → back to `queued`;
 * - ambiguous (5xx, network, no answer before the deadline) → left `dispatching`: the reconciler
 *   looks for the run before trying again, so a deployment never gets two runs.
 * Every write is a compare-and-set on this attempt's number: when another replica took the attempt
 * over (only after it went stale, long after this call's deadline), nothing here is written, and a
 * run this attempt started anyway is cancelled (cancel-lost-runs.ts).
 */
import { SYSTEM } from '../audit/audit-event.js';
import { ExecutorError, type RunRef } from '../executor/executor.js';
import type { TransitionGuard } from '../store/deployment-transitions.js';
import type { Deployment } from '../store/records.js';
import { cancelLostRuns } from './cancel-lost-runs.js';
import type { DispatchDeps } from './dispatch-deps.js';
import { runnerEnvironmentFor } from './runner-environment.js';
import { signedSpec } from './signed-spec.js';

/** `called` is told once GitHub answered the dispatch call (or it failed): the loop's slot is free. */
export async function dispatchDeployment(
  d: Deployment,
  deps: DispatchDeps,
  called: () => void = () => undefined,
): Promise<void> {
  const { store, executor, clock, metrics, log } = deps;
  const project = await store.projects.getById(d.projectId);
  if (!project) {
    await fail(d, 'its project no longer exists', deps);
    return;
  }
  const jws = await signedSpec(d, project, deps);
  metrics.dispatchAttempts.inc();
  let run: RunRef | undefined;
  try {
    ({ run } = await executor.dispatch({
      deployment: d,
      spec: jws,
      concurrencyGroup: `${project.name}/${d.environment}`,
      runnerEnvironment: runnerEnvironmentFor(d.tenantId, deps.config),
    }));
  } catch (error) {
    called();
    metrics.dispatchFailures.inc({ kind: error instanceof ExecutorError ? error.kind : 'error' });
    await handleFailure(d, error, deps);
    return;
  }
  if (run !== undefined) called();
  const now = clock();
  const attempt = { attempt: d.attempts };
  if (run === undefined) {
    const dispatched = await store.transitions.apply(
      d.id,
      ['dispatching'],
      { dispatchedAt: now },
      { ...SYSTEM, action: 'deployment.dispatched', data: { run: 'not reported by GitHub' } },
      attempt,
    );
    if (!dispatched) return; // taken over: the replica that did looks for runs and keeps one
    const found = await executor.findRun(dispatched).catch(() => undefined);
    called();
    if (found) run = found;
    else return; // the reconciler keeps looking until the runner-start timeout
  }
  const running = await store.transitions.markRunning({
    id: d.id,
    attempt: d.attempts,
    runId: run.runId,
    runUrl: run.runUrl,
    dispatchedAt: now,
  });
  if (!running) {
    await cancelLostRuns(d.id, [run], d.attempts, deps);
    return;
  }
  log.info({ deployment: d.id, runId: run.runId, attempt: d.attempts }, 'dispatched');
  // Cancelled while GitHub was being called: cancel the run we just learned about.
  if (running?.cancelRequestedAt) await executor.cancel(run.runId).catch(() => undefined);
}

async function handleFailure(d: Deployment, error: unknown, deps: DispatchDeps): Promise<void> {
  const { store, clock, log } = deps;
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof ExecutorError) || error.kind === 'ambiguous') {
    log.warn(
      { deployment: d.id, err: message },
      'dispatch outcome unknown; the reconciler will look for the run',
    );
    return;
  }
  if (error.kind === 'rejected') {
    await fail(d, message, deps, { attempt: d.attempts });
    return;
  }
  const retryAfter = error.retryAfterSeconds ?? 60;
  // Never sent: nothing was refused, so no rate-limit pause; just queued again.
  if (error.kind === 'not-accepted') deps.budget.exhaust(retryAfter);
  await store.transitions.apply(
    d.id,
    ['dispatching'],
    {
      status: 'queued',
      notBefore: new Date(clock().getTime() + retryAfter * 1000),
      dispatchStartedAt: null,
      statusReason: `waiting ${retryAfter}s: ${message}`,
    },
    { ...SYSTEM, action: 'deployment.requeued', data: { retryAfterSeconds: retryAfter } },
    { attempt: d.attempts },
  );
  log.warn({ deployment: d.id, retryAfter }, 'dispatch not accepted; requeued');
}

export async function fail(
  d: Deployment,
  reason: string,
  deps: DispatchDeps,
  guard: TransitionGuard = {},
): Promise<void> {
  const failed = await deps.store.transitions.apply(
    d.id,
    ['queued', 'dispatching', 'running'],
    { status: 'failed', statusReason: reason },
    { ...SYSTEM, action: 'deployment.failed' },
    guard,
  );
  if (failed) deps.log.warn({ deployment: d.id, reason }, 'deployment failed');
}
