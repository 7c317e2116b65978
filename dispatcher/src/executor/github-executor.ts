/**
 * The GitHub Actions executor: `workflow_dispatch` of the runner repo's workflow with the signed
 * spec, asking GitHub for the run id at once (`return_run_details`). Servers that refuse that
 * parameter (older GHES answer 400/422) are asked again without it, and the run is then found by
 * its run-name, which carries the deployment id.
 */
import type { Octokit } from 'octokit';
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

/** How far before the dispatch attempt to look for its run (clock skew, slow listing). */
const LOOKBACK_MS = 10 * 60 * 1000;

export class GitHubExecutor implements Executor {
  readonly name = 'github';
  /** False once the server refused `return_run_details` and accepted the dispatch without it. */
  private runDetails = true;

  constructor(
    private readonly octokit: Octokit,
    private readonly settings: GitHubSettings,
    private readonly clock: () => Date,
  ) {}

  private get repo() {
    return { owner: this.settings.owner, repo: this.settings.repo };
  }

  async dispatch({
    deployment,
    spec,
    concurrencyGroup,
  }: DispatchRequest): Promise<{ run: RunRef | undefined }> {
    const params = {
      ...this.repo,
      workflow_id: this.settings.workflow,
      ref: this.settings.ref,
      inputs: workflowInputs(deployment.id, spec, concurrencyGroup),
      // Never retried blindly: after a 5xx the run may exist, and the dispatch loop looks first.
      request: { retries: 0 },
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

  async findRun(deployment: Deployment): Promise<RunState | undefined> {
    const since = new Date(
      (deployment.dispatchStartedAt ?? deployment.createdAt).getTime() - LOOKBACK_MS,
    );
    try {
      for (let page = 1; page <= 5; page++) {
        const { data } = await this.octokit.request(
          'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
          {
            ...this.repo,
            workflow_id: this.settings.workflow,
            event: 'workflow_dispatch',
            created: `>=${since.toISOString()}`,
            per_page: 100,
            page,
          },
        );
        const runs = data.workflow_runs as unknown as WorkflowRun[];
        const mine = runs
          .filter(
            (r) =>
              r.display_title.includes(deployment.id) || (r.name ?? '').includes(deployment.id),
          )
          .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id);
        if (mine[0]) return toState(mine[0]);
        if (runs.length < 100) return undefined;
      }
      return undefined;
    } catch (error) {
      throw classifyGitHubError(
        error,
        `Looking for the run of ${deployment.id}`,
        this.clock().getTime(),
      );
    }
  }

  async getRun(runId: number): Promise<RunState | undefined> {
    try {
      const { data } = await this.octokit.request(
        'GET /repos/{owner}/{repo}/actions/runs/{run_id}',
        { ...this.repo, run_id: runId },
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
