/**
 * A run's log as GitHub keeps it, for a run that never streamed (an older action, a dispatcher the
 * runner could not reach): the run's jobs (GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs),
 * then each job's log (GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs), which GitHub answers
 * with a 302 to a short-lived download URL that fetch follows (without our Authorization header,
 * as it goes to another origin). GitHub's job log is already masked by the runner. Per GitHub's
 * REST description (@octokit/openapi, operations actions/list-jobs-for-workflow-run and
 * actions/download-job-logs-for-workflow-run).
 *
 * Every job's log is yielded, one job at a time and in order, never cut here: the store bounds the
 * whole (its start and its end kept, backfill-run-log.ts), so the last job's end, where the error
 * is, is never lost to earlier jobs' size. A job whose log cannot be downloaded once another's was
 * reads as one line saying so; a failure before anything was yielded is thrown (tried again later).
 */
import type { Octokit } from 'octokit';

export async function* fetchGitHubJobLog(
  octokit: Octokit,
  repo: { readonly owner: string; readonly repo: string },
  runId: number,
): AsyncGenerator<string> {
  const { data } = await octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs', {
    ...repo,
    run_id: runId,
    filter: 'latest',
    per_page: 100,
  });
  const several = data.jobs.length > 1;
  let yielded = false;
  for (const job of data.jobs) {
    let body: string;
    try {
      const { data: log } = await octokit.request(
        'GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs',
        { ...repo, job_id: job.id },
      );
      body = typeof log === 'string' ? log : Buffer.from(log as ArrayBuffer).toString('utf8');
    } catch (error) {
      if (!yielded) throw error;
      body = `[grape: the log of job '${job.name}' could not be fetched from GitHub: ${(error as Error).message}]\n`;
    }
    if (!body.endsWith('\n')) body += '\n';
    yield several ? `::group::job ${job.name}\n${body}::endgroup::\n` : body;
    yielded = true;
  }
}
