/**
 * POST /v1/runs/report: the action's account of its run, authenticated by the run's GitHub OIDC
 * token. What happens to it is run-report/accept-run-report.ts.
 */
import type { ApiInstance } from '../http/api-instance.js';
import type { AppContext } from '../app-context.js';
import { described, problem } from '../schemas/common.js';
import { RunReportResult, RunReportSchema } from '../schemas/run-report-schemas.js';
import { acceptRunReport } from '../run-report/accept-run-report.js';

export function reportRoutes(app: ApiInstance, ctx: AppContext): void {
  // Local runs report through the executor itself (the action's `report` output).
  if (ctx.config.executor.kind !== 'github') return;
  const github = ctx.config.executor.github;
  const runnerRepo = `${github.owner}/${github.repo}`;

  app.post(
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
            RunReportResult,
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
    async (request) =>
      acceptRunReport(ctx, runnerRepo, request.headers.authorization, request.body),
  );
}
