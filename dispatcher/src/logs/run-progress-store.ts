/**
 * What GitHub last said of a deployment's run and of its job (migration 014): status words and
 * since when. Written from the workflow_run / workflow_job webhooks, read by describe-wait.ts.
 * Deliveries arrive out of order, so a status never goes back from `in_progress` or `completed`
 * to a waiting one; a new run id (a re-dispatch) starts over. One statement each: no race.
 */
import type { Queryable } from '../store/db.js';

export interface GitHubWord {
  readonly status: string;
  readonly since: Date;
}

export interface RunProgress {
  readonly runId: number;
  readonly run: GitHubWord | undefined;
  readonly job: GitHubWord | undefined;
}

/** completed > in_progress > any waiting status. */
const rank = (sql: string): string =>
  `CASE ${sql} WHEN 'completed' THEN 2 WHEN 'in_progress' THEN 1 ELSE 0 END`;

/** Records GitHub's word on the run or its job, at `at`, unless it is old news. */
export async function recordRunProgress(
  db: Queryable,
  deploymentId: string,
  runId: number,
  source: 'run' | 'job',
  status: string,
  at: Date,
): Promise<void> {
  const [word, since, other, otherSince] =
    source === 'run'
      ? ['run_status', 'run_since', 'job_status', 'job_since']
      : ['job_status', 'job_since', 'run_status', 'run_since'];
  await db.query(
    `INSERT INTO run_progress AS p (deployment_id, run_id, ${word}, ${since})
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (deployment_id) DO UPDATE SET run_id = $2, ${word} = $3, ${since} = $4,
       ${other} = CASE WHEN p.run_id = $2 THEN p.${other} END,
       ${otherSince} = CASE WHEN p.run_id = $2 THEN p.${otherSince} END
     WHERE p.run_id <> $2 OR p.${word} IS NULL
        OR (p.${word} <> $3 AND ${rank('$3::text')} >= ${rank(`p.${word}`)})`,
    [deploymentId, runId, status, at],
  );
}

export async function readRunProgress(
  db: Queryable,
  deploymentId: string,
): Promise<RunProgress | undefined> {
  const [row] = await db.query<{
    run_id: string | number;
    run_status: string | null;
    run_since: Date | null;
    job_status: string | null;
    job_since: Date | null;
  }>('SELECT * FROM run_progress WHERE deployment_id = $1', [deploymentId]);
  if (!row) return undefined;
  const word = (status: string | null, since: Date | null): GitHubWord | undefined =>
    status && since ? { status, since: new Date(since) } : undefined;
  return {
    runId: Number(row.run_id),
    run: word(row.run_status, row.run_since),
    job: word(row.job_status, row.job_since),
  };
}
