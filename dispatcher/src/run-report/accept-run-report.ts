/**
 * A GitHub run's report, from its arrival to its effect: the run's OIDC token is verified
 * (verify-report-token.ts) and must come from the runner repository and from this deployment's own
 * run; a report that beats the run id to the dispatcher looks the run up first; then the report is
 * applied (apply-report.ts). No shared secret is involved.
 */
import type { RunReport } from '../../../contract/run-report.js';
import type { AppContext } from '../app-context.js';
import { SYSTEM } from '../audit/audit-event.js';
import { forbidden, HttpError, notFound } from '../http/http-error.js';
import type { Deployment } from '../store/records.js';
import { applyReport } from './apply-report.js';

export interface ReportOutcome {
  readonly deploymentId: string;
  readonly status: string;
  /** The report changed the deployment (false: a replay, or the deployment had moved on). */
  readonly accepted: boolean;
}

/** `authorization`: the request's Authorization header, `Bearer <the run's OIDC token>`. */
export async function acceptRunReport(
  ctx: AppContext,
  runnerRepo: string,
  authorization: string | undefined,
  report: RunReport,
): Promise<ReportOutcome> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token)
    throw new HttpError(
      401,
      'unauthenticated',
      "Missing 'Authorization: Bearer <the run's GitHub OIDC token>'.",
    );
  let claims;
  try {
    claims = await ctx.reportVerifier(token);
  } catch (error) {
    throw new HttpError(
      401,
      'unauthenticated',
      `The OIDC token was refused: ${(error as Error).message}.`,
    );
  }
  if (claims.repository.toLowerCase() !== runnerRepo.toLowerCase())
    throw forbidden(
      `The token is from repository '${claims.repository}', not the runner repository.`,
    );
  let d = await ctx.store.deployments.getById(report.deploymentId);
  if (!d) throw notFound('deployment', report.deploymentId);
  if (d.runId === null) d = await learnRun(ctx, d);
  if (String(d.runId) !== claims.run_id)
    throw forbidden(`The token belongs to run ${claims.run_id}, not to the run of ${d.id}.`);
  const after = await applyReport(ctx.store, d, report, claims.run_id);
  return { deploymentId: d.id, status: (after ?? d).status, accepted: after !== undefined };
}

/** A report can arrive before the run id is known (the 204 path): look the run up first. */
async function learnRun(ctx: AppContext, d: Deployment): Promise<Deployment> {
  const run = await ctx.executor.findRun(d).catch(() => undefined);
  if (!run)
    throw new HttpError(409, 'run_unknown', `The run of ${d.id} is not known yet; retry shortly.`);
  const linked = await ctx.store.transitions.apply(
    d.id,
    ['dispatching', 'running'],
    { status: 'running', runId: run.runId, runUrl: run.runUrl },
    { ...SYSTEM, action: 'deployment.running', data: { runId: run.runId, source: 'report' } },
  );
  return linked ?? (await ctx.store.deployments.getById(d.id)) ?? d;
}
