/**
 * Where deployments run. The GitHub Actions executor (a workflow_dispatch through a GitHub App) is
 * the first; a `local` one (issue 7) will sit beside it, chosen by GRAPE_EXECUTOR.
 */
import type { Deployment } from '../store/records.js';

export interface RunRef {
  readonly runId: number;
  readonly runUrl: string;
}

export interface RunState extends RunRef {
  readonly status: string;
  /** GitHub's conclusion once completed (success, failure, cancelled, timed_out, …). */
  readonly conclusion: string | null;
}

/**
 * The reason of a plan whose run finished without reporting: its outcome is unknown, so it is
 * `failed`, never `succeeded`, and cannot be approved (there is no plan sha256).
 */
export const NO_PLAN_REPORT =
  'the workflow run finished without reporting its plan: the outcome is unknown and there is no plan to approve (see the run log)';

export interface DispatchRequest {
  readonly deployment: Deployment;
  /** The signed spec (compact JWS). */
  readonly spec: string;
  /** `<project>/<environment>`: the runner workflow's concurrency group. */
  readonly concurrencyGroup: string;
  /** The tenant's GitHub environment for the run's job, when hop 1 is per tenant. */
  readonly runnerEnvironment?: string | undefined;
}

export interface Executor {
  readonly name: string;
  /** Starts the run; `run` is undefined when the server did not say which run it started. */
  dispatch(request: DispatchRequest): Promise<{ readonly run: RunRef | undefined }>;
  /** The run carrying this deployment's id, if one exists (crash recovery, older GHES). */
  findRun(deployment: Deployment): Promise<RunState | undefined>;
  /**
   * Every run carrying this deployment's id around its current attempt, oldest first. Throws
   * when it cannot tell (the listing could not be read completely): [] means "certainly none".
   */
  findRuns(deployment: Deployment): Promise<readonly RunState[]>;
  getRun(runId: number): Promise<RunState | undefined>;
  cancel(runId: number): Promise<void>;
  /** The run's log, when this executor keeps it (the local one does); undefined: none yet. */
  readLog?(runId: number): Promise<string | undefined>;
  /**
   * The finished run's log as the platform keeps it (GitHub's job log), for a run that never
   * streamed its own: its pieces in order (one per job), unbounded (the store bounds it); none:
   * there is none.
   */
  fetchRunLog?(runId: number): AsyncIterable<string>;
}

/**
 * `rejected`: the request was refused (4xx) and will be refused again → the deployment fails.
 * `not-accepted`: certainly not started (rate limit, bad credentials); try again after `retryAfterSeconds`.
 * `ambiguous`: 5xx or network error; the run may or may not exist → look before dispatching again.
 * `not-sent`: never sent (the attempt's deadline passed while it waited to be sent) → queue again.
 */
export type ExecutorFailure = 'rejected' | 'not-accepted' | 'ambiguous' | 'not-sent';

export class ExecutorError extends Error {
  override readonly name = 'ExecutorError';
  constructor(
    readonly kind: ExecutorFailure,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}
