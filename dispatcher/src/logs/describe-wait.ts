/**
 * Honest progress (issue 17): what a deployment that shows no log yet is waiting for, derived from
 * real state, never from a timer alone: the environment's queue (the deployment ahead of it), a
 * dispatch GitHub asked to retry later, GitHub accepting the dispatch, the run's status as GitHub
 * reported it (queued for a runner, waiting for an environment's reviewers; run-progress-store.ts;
 * never once the run's log has begun), or a plan awaiting approval. Null when nothing is waited
 * for (the run is at work: its log says what it does). Times are UTC, to the second.
 */
import type { Queryable } from '../store/db.js';
import type { Deployment } from '../store/records.js';
import { readRunProgress } from './run-progress-store.js';

const hms = (at: Date): string => `${at.toISOString().slice(11, 19)} UTC`;

export async function describeWait(
  db: Queryable,
  d: Deployment,
  now: Date,
  /** The executor's name: `github` runs wait for GitHub; `local` ones start on this machine. */
  executor = 'github',
): Promise<string | null> {
  switch (d.status) {
    case 'queued': {
      // The active deployment of the environment first, else the nearest queued one ahead.
      const ahead = await db.query<{ id: string; status: string }>(
        `SELECT id, status FROM deployments
         WHERE project_id = $1 AND environment = $2 AND id <> $3
           AND (status IN ('dispatching', 'running') OR (status = 'queued' AND seq < $4))
         ORDER BY status = 'queued', seq DESC`,
        [d.projectId, d.environment, d.id, d.seq],
      );
      const first = ahead[0];
      if (first) {
        const more = ahead.length - 1;
        return `queued behind deployment ${first.id} in this environment (${first.status})${
          more > 0 ? `, and ${more} more queued before it` : ''
        }`;
      }
      if (d.notBefore && new Date(d.notBefore) > now)
        return `waiting until ${hms(new Date(d.notBefore))} to dispatch again${
          d.statusReason ? `: ${d.statusReason.replace(/^waiting \d+s: /, '')}` : ''
        }`;
      return 'queued: waiting for the dispatcher to dispatch it';
    }
    case 'dispatching':
    case 'running': {
      if (d.runId === null && executor !== 'github') return 'dispatching: starting the run';
      if (d.runId === null)
        return `dispatching: waiting for GitHub to accept the workflow run${
          d.dispatchStartedAt ? ` (since ${hms(new Date(d.dispatchStartedAt))})` : ''
        }`;
      const progress = await readRunProgress(db, d.id);
      if (!progress || progress.runId !== Number(d.runId)) return null;
      // A run whose log has begun is on a runner, whatever a lost webhook left recorded.
      const [streamed] = await db.query('SELECT 1 FROM run_logs WHERE deployment_id = $1', [d.id]);
      if (streamed) return null;
      // The job's word is the finer one: a run is in_progress while its job waits for a runner.
      const word = progress.job ?? progress.run;
      if (word?.status === 'waiting')
        return `waiting for approval: the run waits for a reviewer of its GitHub environment since ${hms(word.since)}`;
      if (word && ['requested', 'pending', 'queued'].includes(word.status))
        return `waiting for a runner: the run is queued on GitHub since ${hms(word.since)}`;
      return null;
    }
    case 'awaiting-approval':
      return `waiting for approval: the plan has changes; apply it with \`grape approve ${d.id}\``;
    default:
      return null;
  }
}
