/**
 * The GitHub Actions executor: `workflow_dispatch` of the runner repo's workflow with the signed
 * spec, asking GitHub for the run id at once (`return_run_details`). Servers that refuse that
 * parameter (older GHES answer 400/422) are asked again without it, and the run is then found by
 * its run-name, which carries the deployment id.
 */
import type { Octokit } from 'octokit';
import { fetchGitHubJobLog } from '../logs/fetch-github-job-log.js';
import type { GitHubSettings } from '../config.js';
import type { Deployment } from '../store/records.js';
import { classifyGitHubError } from './classify-github-error.js';
import type { DispatchRequest, Executor, RunRef, RunState } from './executor.js';
import { workflowInputs } from './workflow-dispatch-inputs.js';

interface WorkflowRun {
  id: number;
  html_url: string;
  status: string | null;
  conclusion: string | null;
  name?: string | null;
  display_title: string;
  created_at: string;
}

const toState = (run: WorkflowRun): RunState => ({
  runId: run.id,
  runUrl: run.html_url,
  status: run.status ?? 'queued',
  conclusion: run.conclusion,
});

/** Margin on both sides of an attempt's lookup window: clock skew between us and GitHub. */
const SKEW_MS = 5 * 60 * 1000;
/**
 * GitHub returns at most 1,000 runs for a listing filtered by `created` or `event` ("This endpoint
 * will return up to 1,000 results for each search when using the following parameters: …",
 * REST reference, "List workflow runs for a workflow"): a window holding more is split in two.
 */
const LISTING_CAP = 1000;
/** Halvings before giving up on a window (1 ms windows long before this). */
const MAX_SPLITS = 40;

export class GitHubExecutor implements Executor {
  readonly name = 'github';
  /** False once the server refused `return_run_details` and accepted the dispatch without it. */
  private runDetails = true;

  constructor(
    private readonly octokit: Octokit,
    private readonly settings: GitHubSettings,
    private readonly clock: () => Date,
    /** The deadline of one whole dispatch call (GRAPE_GITHUB_REQUEST_TIMEOUT_MS). */
    private readonly timeoutMs = 10_000,
  ) {}

  private get repo() {
    return { owner: this.settings.owner, repo: this.settings.repo };
  }

  async dispatch({
    deployment,
    spec,
    concurrencyGroup,
    runnerEnvironment,
  }: DispatchRequest): Promise<{ run: RunRef | undefined }> {
    const params = {
      ...this.repo,
      workflow_id: this.settings.workflow,
      ref: this.settings.ref,
      inputs: workflowInputs(deployment.id, spec, concurrencyGroup, runnerEnvironment),
      // Never retried blindly: after a 5xx the run may exist, and the dispatch loop looks first.
      // One deadline for the whole call (the GHES fallback and rate-limit waits included): nothing
      // is sent after it, so a replica taking the attempt over later cannot race this one. It
      // counts from the attempt's start as recorded by the claim, not from this call: time spent
      // between the two (a starved process, a long queue of claimed work) shortens it instead of
      // moving it towards the moment another replica may judge the attempt stale.
      request: { retries: 0, signal: this.deadline(deployment) },
    };
    const route = 'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';
    const what = `Dispatching ${this.settings.workflow} in ${this.settings.owner}/${this.settings.repo}`;
    if (this.runDetails !== false) {
      try {
        const response = await this.octokit.request(route, { ...params, return_run_details: true });
        if (response.status === 200) {
          const data = response.data as unknown as { workflow_run_id: number; html_url: string };
          return { run: { runId: data.workflow_run_id, runUrl: data.html_url } };
        }
        return { run: undefined };
      } catch (error) {
        const status = (error as { status?: number }).status;
        if (status !== 400 && status !== 422)
          throw classifyGitHubError(error, what, this.clock().getTime());
        // Possibly a server without `return_run_details` (a real refusal is refused again below).
      }
    }
    try {
      await this.octokit.request(route, params);
      this.runDetails = false;
      return { run: undefined };
    } catch (error) {
      throw classifyGitHubError(error, what, this.clock().getTime());
    }
  }

  /** Aborts at the attempt's start + the timeout; already aborted (never sent) when that passed. */
  private deadline(deployment: Deployment): AbortSignal {
    const started = deployment.dispatchStartedAt?.getTime();
    const elapsed = started === undefined ? 0 : Math.max(0, this.clock().getTime() - started);
    const remaining = this.timeoutMs - elapsed;
    return remaining > 0 ? AbortSignal.timeout(remaining) : AbortSignal.abort();
  }

  async findRun(deployment: Deployment): Promise<RunState | undefined> {
    return (await this.findRuns(deployment))[0];
  }

  /**
   * Every run carrying the deployment id created around its current attempt, oldest first: the
   * window runs from the attempt's start to its deadline, widened by the clock skew on both sides,
   * and is read to its last page (windows over GitHub's 1,000-result cap are halved). Throws when
   * the listing cannot be read completely: "no run" is only ever said after reading everything.
   */
  async findRuns(deployment: Deployment): Promise<RunState[]> {
    const start = (deployment.dispatchStartedAt ?? deployment.createdAt).getTime();
    const from = start - SKEW_MS;
    const to = Math.max(start, deployment.dispatchedAt?.getTime() ?? 0) + this.timeoutMs + SKEW_MS;
    try {
      const runs = await this.listWindow(deployment.id, from, to, 0);
      return runs
        .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id)
        .map(toState);
    } catch (error) {
      throw classifyGitHubError(
        error,
        `Looking for the run of ${deployment.id}`,
        this.clock().getTime(),
      );
    }
  }

  private async listWindow(
    id: string,
    from: number,
    to: number,
    depth: number,
  ): Promise<WorkflowRun[]> {
    // No retry with back-off (seconds, growing) on a page: the reconciler asks again on its next
    // pass, and a look-up stuck in back-off would hold every other deployment's recovery.
    // (`paginate` drops per-call request options, so they travel as the request's defaults.)
    const noRetry = this.octokit.request.defaults({ request: { retries: 0 } });
    const paginate = this.octokit.paginate.iterator as unknown as (
      request: typeof noRetry,
      parameters: object,
    ) => AsyncIterable<{ data: unknown }>;
    const iterator = paginate(noRetry, {
      method: 'GET',
      url: '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
      ...this.repo,
      workflow_id: this.settings.workflow,
      event: 'workflow_dispatch',
      // GitHub's date-range syntax, both ends inclusive.
      created: `${new Date(from).toISOString()}..${new Date(to).toISOString()}`,
      per_page: 100,
    });
    const mine: WorkflowRun[] = [];
    for await (const page of iterator) {
      const total = (page.data as unknown as { total_count?: number }).total_count ?? 0;
      if (total >= LISTING_CAP) {
        if (depth >= MAX_SPLITS || to - from < 2)
          throw new Error(`more than ${LISTING_CAP} runs within one millisecond`);
        const middle = Math.floor((from + to) / 2);
        const [early, late] = await Promise.all([
          this.listWindow(id, from, middle, depth + 1),
          this.listWindow(id, middle + 1, to, depth + 1),
        ]);
        return [...early, ...late];
      }
      for (const r of page.data as unknown as WorkflowRun[])
        if (r.display_title.includes(id) || (r.name ?? '').includes(id)) mine.push(r);
    }
    return mine;
  }

  fetchRunLog(runId: number): AsyncIterable<string> {
    return fetchGitHubJobLog(this.octokit, this.repo, runId);
  }

  async getRun(runId: number): Promise<RunState | undefined> {
    try {
      const { data } = await this.octokit.request(
        'GET /repos/{owner}/{repo}/actions/runs/{run_id}',
        { ...this.repo, run_id: runId, request: { retries: 0 } },
      );
      return toState(data as unknown as WorkflowRun);
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw classifyGitHubError(error, `Reading run ${runId}`, this.clock().getTime());
    }
  }

  async cancel(runId: number): Promise<void> {
    try {
      await this.octokit.request('POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel', {
        ...this.repo,
        run_id: runId,
      });
    } catch (error) {
      // 409: the run already finished; nothing to cancel.
      if ((error as { status?: number }).status === 409) return;
      throw classifyGitHubError(error, `Cancelling run ${runId}`, this.clock().getTime());
    }
  }
}
