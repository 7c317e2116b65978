/**
 * The caller of a run-scoped route (a log chunk) is the deployment's own run: a GitHub OIDC token
 * verified as the report's is (reports/verify-report-token.ts), from the runner repository, whose
 * run_id is the deployment's run. Every refusal is a clear 401/403/404/409.
 */
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.js';
import { forbidden, HttpError, notFound } from '../http/http-error.js';
import type { Deployment } from '../store/records.js';

export async function authenticateRun(
  ctx: AppContext,
  request: FastifyRequest,
  runnerRepo: string,
  deploymentId: string,
): Promise<Deployment> {
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
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
  const d = await ctx.store.deployments.getById(deploymentId);
  if (!d) throw notFound('deployment', deploymentId);
  if (d.runId === null)
    throw new HttpError(409, 'run_unknown', `The run of ${d.id} is not known yet; retry shortly.`);
  if (String(d.runId) !== claims.run_id)
    throw forbidden(`The token belongs to run ${claims.run_id}, not to the run of ${d.id}.`);
  return d;
}
