/**
 * POST /v1/runs/log: a GitHub run appends one chunk of its log, authenticated by its OIDC token as
 * the report is (logs/authenticate-run.ts). Chunks are numbered from 1 and kept strictly in order:
 * a resent chunk (the answer was lost) is acknowledged as a duplicate, one ahead of the expected
 * number is refused with 409 and `nextSeq`, so the sender resumes exactly where the dispatcher is.
 * The action masks every value it masks before sending.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { HttpError } from '../http/http-error.js';
import { authenticateRun } from '../logs/authenticate-run.js';
import { described, problem } from '../schemas/common.js';
import { RunLogAck, RunLogChunk } from '../schemas/run-log-schemas.js';

export function runLogRoutes(app: FastifyInstance, ctx: AppContext): void {
  if (ctx.config.executor.kind !== 'github') return;
  const github = ctx.config.executor.github;
  const runnerRepo = `${github.owner}/${github.repo}`;

  app.post<{ Body: RunLogChunk }>(
    '/v1/runs/log',
    {
      schema: {
        summary: "Appends a chunk of a run's log, authenticated by the run's GitHub OIDC token",
        operationId: 'appendRunLog',
        tags: ['github'],
        security: [{ githubOidc: [] }],
        body: RunLogChunk,
        response: {
          200: described('The chunk is stored (or was already)', RunLogAck),
          400: problem('The chunk does not match the schema'),
          401: problem('No valid GitHub OIDC token'),
          403: problem(
            "The token is not from a run of the runner repository or not this deployment's run",
          ),
          404: problem('No such deployment'),
          409: problem(
            'Not the chunk expected next (`problems[0].expected` says which) or the run is not known yet',
          ),
        },
      },
    },
    async (request) => {
      const { deploymentId, seq, text } = request.body;
      const d = await authenticateRun(ctx, request, runnerRepo, deploymentId);
      const result = await ctx.runLogs.append(d.id, 'stream', seq, text);
      if (result.kind === 'out-of-order')
        throw new HttpError(
          409,
          'out_of_order',
          `Chunk ${seq} of ${d.id} is ahead of the log: send chunk ${result.nextSeq} next.`,
          [{ field: 'seq', problem: `is ${seq}`, expected: String(result.nextSeq) }],
        );
      if (result.kind === 'stored') ctx.logHub.notify(d.id);
      return { deploymentId: d.id, result: result.kind, nextSeq: result.nextSeq };
    },
  );
}
