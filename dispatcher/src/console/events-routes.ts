/**
 * GET /v1/events: server-sent events telling the caller which of its tenant's deployments changed
 * (`event: deployment`, data `{"id":"dep_…","project":"prj_…"}`), so a page refetches what it
 * shows through the ordinary API instead of reloading. A token limited to some projects hears only
 * theirs. `event: resync` asks for a full refetch (notifications may have been missed). A comment
 * line every 15 s keeps proxies from closing an idle stream.
 */
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { canSeeProject, principalOf } from '../auth/principal.js';
import { bearer, errorResponses } from '../schemas/common.js';
import { EventStream } from '../schemas/console-schemas.js';
import type { ConsoleContext } from './console-context.js';

const KEEPALIVE_MS = 15_000;

export function eventsRoutes(app: FastifyInstance, ctx: AppContext, c: ConsoleContext): void {
  // A stream never finishes by itself, so Node never counts its connection idle and a close would
  // wait for it: at close every stream's socket is ended here (also one whose client went away
  // without the socket closing).
  const sockets = new Set<Socket>();
  app.addHook('preClose', async () => {
    for (const socket of sockets) socket.destroy();
    await c.events.close();
  });
  app.get(
    '/v1/events',
    {
      schema: {
        summary: 'Deployment changes, live (server-sent events)',
        description:
          "A text/event-stream of `deployment` events (`{id, project}`) for the caller's tenant, and `resync` when changes may have been missed.",
        operationId: 'streamEvents',
        tags: ['deployments'],
        security: bearer,
        produces: ['text/event-stream'],
        response: {
          200: EventStream,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const res = reply.raw;
      const send = (event: string, data: unknown) =>
        res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      const unsubscribe = await c.events.subscribe(
        p.tenantId,
        (change) => {
          void (async () => {
            if (p.projects !== null) {
              const project = await ctx.store.projects.getById(change.projectId);
              if (!project || !canSeeProject(p, project)) return;
            }
            send('deployment', { id: change.id, project: change.projectId });
          })().catch(() => undefined);
        },
        () => send('resync', {}),
      );
      // Only now, with the LISTEN in place, does the client hear it is connected: a change it
      // makes after the first message is never missed. Nothing awaits between the subscription
      // and these writes, so no notification can come before the headers.
      reply.hijack();
      if (res.destroyed) {
        unsubscribe();
        return;
      }
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      res.write('retry: 2000\n\n');
      const socket = res.socket;
      if (socket) {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
      }
      const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
      keepalive.unref();
      res.on('close', () => {
        clearInterval(keepalive);
        unsubscribe();
      });
    },
  );
}
