/**
 * GET /v1/deployments/:id/log: the run's log as the dispatcher holds it. The local executor keeps
 * each run's output (bounded, executor/bounded-log.ts), readable while the run goes on; a GitHub
 * run's log stays on GitHub, behind the run URL, and this route says so.
 */
import type { ApiInstance } from '../http/api-instance.js';
import type { AppContext } from '../app-context.js';
import { principalOf } from '../auth/principal.js';
import { HttpError } from '../http/http-error.js';
import { bearer, described, errorResponses, IdParam } from '../schemas/common.js';
import { DeploymentLog } from '../schemas/deployment-schemas.js';
import { TERMINAL } from '../store/records.js';
import { visibleDeployment } from '../use-cases/visible-deployment.js';

export function deploymentLogRoutes(app: ApiInstance, ctx: AppContext): void {
  app.get(
    '/v1/deployments/:id/log',
    {
      schema: {
        summary: "The run's log, for runs on the dispatcher's machine (local executor)",
        operationId: 'getDeploymentLog',
        tags: ['deployments'],
        security: bearer,
        params: IdParam,
        response: {
          200: described(
            "The run's log so far, and whether the run may still add to it",
            DeploymentLog,
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { d } = await visibleDeployment(ctx, principalOf(request), request.params.id);
      const readLog = ctx.executor.readLog?.bind(ctx.executor);
      if (!readLog)
        throw new HttpError(
          404,
          'not_found',
          `The dispatcher holds no log for runs on ${ctx.executor.name}: ${d.runUrl ? `read it at ${d.runUrl}` : 'the run has not started yet'}.`,
        );
      // A plan awaiting approval has finished its run: its log is complete too.
      const complete = TERMINAL.includes(d.status) || d.status === 'awaiting-approval';
      const log = d.runId === null ? '' : ((await readLog(d.runId)) ?? '');
      return { deploymentId: d.id, complete, log };
    },
  );
}
