/**
 * GitHub's job logs for the stand-in: a run's jobs (actions/list-jobs-for-workflow-run, bodies
 * from the `job` example of GitHub's OpenAPI description) and a job's log
 * (actions/download-job-logs-for-workflow-run: 302 with a Location on another origin, as
 * github.com answers, served by a small loopback "blob store" that refuses requests carrying our
 * Authorization header). A run without a log set has no jobs; a run may have several.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import type { GitHubApi } from './github-api.js';
import { githubError } from './github-api.js';
import { listenOnLoopback, type LoopbackServer } from '../http-server.js';

export interface JobLogs extends LoopbackServer {
  /** The log of the run's one job (`deploy`), or of each of its jobs, in order. */
  set(
    runId: number,
    logs: string | readonly { readonly name: string; readonly text: string }[],
  ): void;
  /** Downloads served (by the blob store). */
  readonly downloads: number;
}

const jobExample = (() => {
  const require = createRequire(import.meta.url);
  const spec = JSON.parse(
    readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8'),
  ) as { components: { examples: Record<string, { value: Record<string, unknown> }> } };
  return spec.components.examples['job']!.value;
})();

export async function installJobLogs(
  api: GitHubApi,
  repo: { readonly owner: string; readonly repo: string },
): Promise<JobLogs> {
  const logs = new Map<number, readonly { readonly name: string; readonly text: string }[]>();
  const signed = new Map<string, string>();
  let downloads = 0;
  const blobs = await listenOnLoopback((request, response) => {
    const key = new URL(request.url ?? '/', 'http://x').searchParams.get('sig') ?? '';
    const text = signed.get(key);
    if (request.headers.authorization || text === undefined) {
      response.writeHead(403).end('AuthenticationFailed');
      return;
    }
    downloads++;
    response.writeHead(200, { 'content-type': 'text/plain' }).end(text);
  });
  const sameRepo = (params: Readonly<Record<string, string>>) =>
    params['owner'] === repo.owner && params['repo'] === repo.repo;
  // Job ids: the run id times ten plus the job's index, so one number names both.
  api.handle('actions/list-jobs-for-workflow-run', (req) => {
    const runId = Number(req.params['run_id']);
    if (!sameRepo(req.params)) return githubError(404, 'Not Found');
    const jobs = (logs.get(runId) ?? []).map((job, index) => ({
      ...jobExample,
      id: runId * 10 + index,
      run_id: runId,
      name: job.name,
      status: 'completed',
      conclusion: 'success',
      // Required by the schema, absent from GitHub's example.
      created_at: jobExample['started_at'],
    }));
    return { status: 200, body: { total_count: jobs.length, jobs } };
  });
  api.handle('actions/download-job-logs-for-workflow-run', (req) => {
    const jobId = Number(req.params['job_id']);
    const text = logs.get(Math.floor(jobId / 10))?.[jobId % 10]?.text;
    if (!sameRepo(req.params) || text === undefined) return githubError(404, 'Not Found');
    const sig = randomBytes(8).toString('hex');
    signed.set(sig, text);
    return { status: 302, headers: { location: `${blobs.url}/signedlogcontent?sig=${sig}` } };
  });
  return {
    url: blobs.url,
    port: blobs.port,
    close: () => blobs.close(),
    set: (runId, text) =>
      void logs.set(runId, typeof text === 'string' ? [{ name: 'deploy', text }] : text),
    get downloads() {
      return downloads;
    },
  };
}
