/**
 * `workflow_run` / `workflow_job` deliveries → deployment status. The deployment is found by run
 * id, or (before the run id is known) by the deployment id in the run-name / job name. Only the
 * runner repo's events count. Every transition is conditional, so an old or repeated event
 * cannot move a deployment backwards. The payload arrives type-checked (workflow-event-payload.ts).
 */
import { SYSTEM } from '../audit/audit-event.js';
import type { DispatchDeps } from '../dispatch/dispatch-deps.js';
import { recordRunProgress } from '../logs/run-progress-store.js';
import { runOutcome } from '../dispatch/run-outcome.js';
import type { RunState } from '../executor/executor.js';
import type { TransitionGuard } from '../store/deployment-transitions.js';
import type { Deployment } from '../store/records.js';
import type { WorkflowEventPayload } from './workflow-event-payload.js';

export type WebhookResult = 'applied' | 'unchanged' | 'ignored';

const DEPLOYMENT_ID = /\bdep_[0-9a-f]{20}\b/;

export async function handleWorkflowEvent(
  payload: WorkflowEventPayload,
  runnerRepo: string,
  deps: DispatchDeps,
): Promise<WebhookResult> {
  if (payload.kind === 'other') return 'ignored';
  if (payload.repository.full_name.toLowerCase() !== runnerRepo.toLowerCase()) return 'ignored';
  const event = payload.kind;
  let state: RunState;
  let title: string;
  /** GitHub's own word for the run or job (queued, waiting, in_progress…), for honest progress. */
  let githubStatus: string;
  if (payload.kind === 'workflow_run') {
    const run = payload.workflow_run;
    if (run.event !== undefined && run.event !== 'workflow_dispatch') return 'ignored';
    state = {
      runId: run.id,
      runUrl: run.html_url,
      status: run.status ?? 'queued',
      conclusion: run.conclusion,
    };
    githubStatus = state.status;
    title = `${run.display_title ?? ''} ${run.name ?? ''}`;
  } else {
    const job = payload.workflow_job;
    // A job's completion is not the run's: the run-level event decides the outcome.
    if (job.status === 'completed') return 'ignored';
    state = {
      runId: job.run_id,
      runUrl: `${payload.repository.html_url ?? ''}/actions/runs/${job.run_id}`,
      status: 'in_progress',
      conclusion: null,
    };
    githubStatus = job.status;
    title = job.name ?? '';
  }

  const found = await findDeployment(state.runId, title, deps);
  if (!found) return 'ignored';
  const { deployment: d, guard } = found;
  await recordRunProgress(
    deps.store.db,
    d.id,
    state.runId,
    payload.kind === 'workflow_run' ? 'run' : 'job',
    githubStatus,
    deps.clock(),
  );
  const patch = runOutcome(d, state);
  if (!patch) return 'unchanged';
  const from: Deployment['status'][] = ['dispatching', 'running'];
  const after = await deps.store.transitions.apply(
    d.id,
    from,
    patch,
    {
      ...SYSTEM,
      actor: 'github',
      action: `deployment.${patch.status ?? 'run-linked'}`,
      data: { source: event, runId: state.runId },
    },
    guard,
  );
  return after ? 'applied' : 'unchanged';
}

/**
 * The deployment a run is about: the one that recorded the run, or (run not learned yet) the one
 * its title names — but only while that deployment is on its first attempt. The title names the
 * deployment, not the attempt: once an attempt was given up and the deployment dispatched again, a
 * run carrying its id may be the lost attempt's, which must never be followed (cancel-lost-runs.ts).
 * Then the dispatch answer or the reconciler's look-up (which picks one run and cancels the others)
 * links the run. The link is a compare-and-set on the attempt read here, so a re-dispatch between
 * this read and the write leaves the deployment alone.
 */
async function findDeployment(
  runId: number,
  title: string,
  deps: DispatchDeps,
): Promise<{ deployment: Deployment; guard: TransitionGuard } | undefined> {
  const byRun = await deps.store.deployments.getByRunId(runId);
  if (byRun) return { deployment: byRun, guard: {} };
  const id = DEPLOYMENT_ID.exec(title)?.[0];
  if (!id) return undefined;
  const d = await deps.store.deployments.getById(id);
  if (!d || d.runId !== null || d.attempts !== 1) return undefined;
  return { deployment: d, guard: { attempt: d.attempts } };
}
