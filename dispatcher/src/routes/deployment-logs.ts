/**
 * GET /v1/deployments/:id/logs: a deployment's run log as the dispatcher holds it, whole (JSON)
 * or followed (`?follow=true` or `Accept: text/event-stream`: server-sent events, one `log` event
 * per chunk with the sequence number as its id, so a client resumes with `Last-Event-ID`, then an
 * `end` event with the final status). While the deployment waits for something (a runner, the
 * deployment ahead of it, an approval: logs/describe-wait.ts), the JSON's `waiting` says so and the
 * stream sends a `progress` event each time that changes. Tenant-scoped like the deployment:
 * another tenant's reads as absent.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.js';
import { principalOf } from '../auth/principal.js';
import { backfillRunLog } from '../logs/backfill-run-log.js';
import { describeWait } from '../logs/describe-wait.js';
import { followRunLog } from '../logs/follow-run-log.js';
import type { LogChunk } from '../logs/run-logs-store.js';
import { bearer, described, errorResponses, IdParam } from '../schemas/common.js';
import { RunLogQuery, RunLogView } from '../schemas/run-log-schemas.js';
import { TERMINAL, type DeploymentStatus } from '../store/records.js';
import { visibleDeployment } from '../use-cases/visible-deployment.js';

/** A plan awaiting approval has finished its run: its log is complete too. */
export const logEnded = (status: DeploymentStatus): boolean =>
  TERMINAL.includes(status) || status === 'awaiting-approval';

/** Chunks as server-sent `log` events (id: the sequence number, for Last-Event-ID). */
const events$ = (chunks: readonly LogChunk[]): string =>
  chunks
    .map(
      (c) => `id: ${c.seq}\nevent: log\ndata: ${JSON.stringify({ seq: c.seq, text: c.body })}\n\n`,
    )
    .join('');

/** How often an idle event stream sends a comment, so proxies keep it open. */
const HEARTBEAT_MS = 15_000;

export function deploymentLogsRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { id: string }; Querystring: RunLogQuery }>(
    '/v1/deployments/:id/logs',
    {
      schema: {
        summary: "A deployment's run log, whole or followed live (server-sent events)",
        operationId: 'getDeploymentLogs',
        tags: ['deployments'],
        security: bearer,
        params: IdParam,
        querystring: RunLogQuery,
        response: {
          200: {
            ...described(
              'The log so far (JSON), or a text/event-stream when following',
              RunLogView,
            ),
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { d } = await visibleDeployment(ctx, principalOf(request), request.params.id);
      const lastEventId = request.headers['last-event-id'];
      const after = Number(
        request.query.after ??
          (typeof lastEventId === 'string' && /^\d{1,9}$/.test(lastEventId) ? lastEventId : 0),
      );
      const follow =
        request.query.follow === 'true' ||
        (request.query.follow === undefined &&
          /text\/event-stream/.test(request.headers.accept ?? ''));
      if (follow) return streamEvents(ctx, request, reply, d.id, after);
      if (logEnded(d.status))
        await backfillRunLog({ ...ctx, maxBytes: ctx.config.logs.maxBytesPerRun }, d);
      const state = await ctx.runLogs.state(d.id);
      const chunks = await ctx.runLogs.read(d.id, after, 1_000_000);
      return {
        deploymentId: d.id,
        complete: logEnded(d.status),
        source: state?.source ?? null,
        truncated: state?.truncated ?? false,
        waiting: await describeWait(ctx.store.db, d, ctx.clock(), ctx.executor.name),
        lastSeq: chunks.length > 0 ? chunks[chunks.length - 1]!.seq : after,
        text: chunks.map((c) => c.body).join(''),
      };
    },
  );
}

async function streamEvents(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  deploymentId: string,
  after: number,
): Promise<FastifyReply> {
  const abort = new AbortController();
  const raw = reply.raw;
  request.raw.on('close', () => abort.abort());
  reply.hijack();
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
    'x-request-id': request.id,
  });
  raw.flushHeaders();
  let last = after;
  const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
  try {
    const events = followRunLog(
      {
        runLogs: ctx.runLogs,
        hub: ctx.logHub,
        signal: abort.signal,
        status: async () => {
          const d = await ctx.store.deployments.getById(deploymentId);
          return {
            status: d?.status ?? 'failed',
            ended: !d || logEnded(d.status),
            waiting:
              d && !logEnded(d.status)
                ? await describeWait(ctx.store.db, d, ctx.clock(), ctx.executor.name)
                : null,
          };
        },
        onWaiting: (message) =>
          raw.write(`event: progress\ndata: ${JSON.stringify({ waiting: message })}\n\n`),
      },
      deploymentId,
      after,
    );
    for (;;) {
      const next = await events.next();
      if (next.done) {
        if (next.value === undefined) break; // the client went away
        // A run that never streamed: its log from GitHub, before the end.
        const d = await ctx.store.deployments.getById(deploymentId);
        if (d && !(await ctx.runLogs.state(d.id))) {
          await backfillRunLog({ ...ctx, maxBytes: ctx.config.logs.maxBytesPerRun }, d);
          raw.write(events$(await ctx.runLogs.read(d.id, last, 1_000_000)));
        }
        raw.write(`event: end\ndata: ${JSON.stringify({ status: next.value })}\n\n`);
        break;
      }
      last = next.value.at(-1)?.seq ?? last;
      raw.write(events$(next.value));
    }
  } catch (error) {
    request.log.error({ err: error }, 'following a run log failed');
    raw.write(
      `event: error\ndata: ${JSON.stringify({ message: 'The log stream failed; resume with Last-Event-ID.' })}\n\n`,
    );
  } finally {
    clearInterval(heartbeat);
    raw.end();
  }
  return reply;
}
