/**
 * POST /v1/runs/report: the action's account of its run. No shared secret: the caller proves it is
 * the deployment's own run with that run's GitHub OIDC token (repository = runner repo, run_id =
 * the deployment's run).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { RunReportSchema, type RunReport } from '../../../contract/run-report.js';
import { applyReport } from '../dispatch/apply-report.js';
import type { AppContext } from '../app-context.js';
import { SYSTEM } from '../audit/audit-event.js';
import { forbidden, HttpError, notFound } from '../http/http-error.js';
import { described, problem } from '../schemas/common.js';
import type { Deployment } from '../store/records.js';

const Result = Type.Object({
  deploymentId: Type.String(),
  status: Type.String(),
  accepted: Type.Boolean(),
});

export function reportRoutes(app: FastifyInstance, ctx: AppContext): void {
  // Local runs report through the executor itself (the action's `report` output).
  if (ctx.config.executor.kind !== 'github') return;
  const github = ctx.config.executor.github;
  const runnerRepo = `${github.owner}/${github.repo}`.toLowerCase();

  app.post<{ Body: RunReport }>(
    '/v1/runs/report',
    {
      schema: {
        summary: "A run's report, authenticated by its GitHub OIDC token",
        operationId: 'reportRun',
        tags: ['github'],
        security: [{ githubOidc: [] }],
        body: RunReportSchema,
        response: {
          200: described(
            "The deployment's status after the report (`accepted`: it changed)",
            Result,
          ),
          400: problem('The report does not match the run report schema'),
          401: problem('No valid GitHub OIDC token'),
          403: problem(
            "The token is not from a run of the runner repository or not this deployment's run",
          ),
          404: problem('No such deployment'),
          409: problem('The run is not known to the dispatcher yet: retry shortly'),
        },
      },
    },
    async (request) => {
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
      if (claims.repository.toLowerCase() !== runnerRepo)
        throw forbidden(
          `The token is from repository '${claims.repository}', not the runner repository.`,
        );
      const report = request.body;
      let d = await ctx.store.deployments.getById(report.deploymentId);
      if (!d) throw notFound('deployment', report.deploymentId);
      if (d.runId === null) d = await learnRun(ctx, d);
      if (String(d.runId) !== claims.run_id)
        throw forbidden(`The token belongs to run ${claims.run_id}, not to the run of ${d.id}.`);
      const after = await applyReport(ctx.store, d, report, claims.run_id);
      return { deploymentId: d.id, status: (after ?? d).status, accepted: after !== undefined };
    },
  );
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
