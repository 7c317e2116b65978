/**
 * A run's log as GitHub keeps it, for a run that never streamed (an older action, a dispatcher the
 * runner could not reach): the run's jobs (GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs),
 * then each job's log (GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs), which GitHub answers
 * with a 302 to a short-lived download URL that fetch follows (without our Authorization header,
 * as it goes to another origin). GitHub's job log is already masked by the runner. Per GitHub's
 * REST description (@octokit/openapi, operations actions/list-jobs-for-workflow-run and
 * actions/download-job-logs-for-workflow-run).
 */
import type { Octokit } from 'octokit';

export async function fetchGitHubJobLog(
  octokit: Octokit,
  repo: { readonly owner: string; readonly repo: string },
  runId: number,
  maxBytes: number,
): Promise<string | undefined> {
  const { data } = await octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs', {
    ...repo,
    run_id: runId,
    filter: 'latest',
    per_page: 100,
  });
  if (data.jobs.length === 0) return undefined;
  let text = '';
  for (const job of data.jobs) {
    const { data: log } = await octokit.request(
      'GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs',
      { ...repo, job_id: job.id },
    );
    const body = typeof log === 'string' ? log : Buffer.from(log as ArrayBuffer).toString('utf8');
    text += (data.jobs.length > 1 ? `::group::job ${job.name}\n` : '') + body;
    if (!text.endsWith('\n')) text += '\n';
    if (data.jobs.length > 1) text += '::endgroup::\n';
    if (Buffer.byteLength(text) > maxBytes) break;
  }
  return text;
}
