/**
 * /v1/notifications/hooks: a tenant's outbound webhooks (admin tokens): create (the destination
 * checked against the SSRF guard; the signing secret shown once), list, delete, send a test
 * delivery now, and read the delivery log with each attempt's response code. Another tenant's
 * hook reads as absent.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { principalOf, requireRole } from '../auth/principal.js';
import { invalid, notFound } from '../http/http-error.js';
import { checkDestination, DestinationError } from '../notifications/check-destination.js';
import { EVENTS, type Delivery, type Hook } from '../notifications/notifications-store.js';
import { bearer, described, errorResponses, IdParam } from '../schemas/common.js';
import {
  CreatedHook,
  DeliveryList,
  DeliveryView,
  HookDeleted,
  HookInput,
  HookList,
} from '../schemas/notification-schemas.js';

const hookView = (h: Hook) => ({
  id: h.id,
  url: h.url,
  format: h.format,
  events: [...h.events],
  createdBy: h.createdBy,
  createdAt: h.createdAt.toISOString(),
});
const deliveryView = (d: Delivery) => ({
  id: d.seq,
  event: d.event,
  deploymentId: d.deploymentId,
  status: d.status,
  attempts: [...d.attempts],
  createdAt: d.createdAt.toISOString(),
});

export function notificationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const tags = ['notifications'];
  const hookOf = async (tenantId: string, id: string): Promise<Hook> => {
    const hook = await ctx.notifications.getHook(tenantId, id);
    if (!hook) throw notFound('webhook', id);
    return hook;
  };

  app.post<{ Body: HookInput }>(
    '/v1/notifications/hooks',
    {
      schema: {
        summary: 'Register an outbound webhook for deployment events',
        operationId: 'createHook',
        tags,
        security: bearer,
        body: HookInput,
        response: {
          201: described('The hook, with its secret (shown once)', CreatedHook),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      requireRole(p, 'admin', 'managing webhooks');
      try {
        await checkDestination(request.body.url, ctx.config.notifyAllow);
      } catch (error) {
        if (error instanceof DestinationError)
          throw invalid(
            'url',
            error.message,
            'a public https URL, e.g. https://hooks.example.com/grape',
          );
        throw error;
      }
      const hook = await ctx.notifications.createHook(p.tenantId, {
        url: request.body.url,
        format: request.body.format ?? 'json',
        events: request.body.events ?? [...EVENTS],
        createdBy: p.id,
      });
      void reply.code(201);
      return { ...hookView(hook), secret: hook.secret };
    },
  );

  app.get(
    '/v1/notifications/hooks',
    {
      schema: {
        summary: "The tenant's webhooks",
        operationId: 'listHooks',
        tags,
        security: bearer,
        response: {
          200: described('Webhooks, oldest first', HookList),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const p = principalOf(request);
      requireRole(p, 'admin', 'managing webhooks');
      return { items: (await ctx.notifications.listHooks(p.tenantId)).map(hookView) };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/notifications/hooks/:id',
    {
      schema: {
        summary: 'Delete a webhook (its pending deliveries are not sent)',
        operationId: 'deleteHook',
        tags,
        security: bearer,
        params: IdParam,
        response: { 204: HookDeleted, ...errorResponses },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      requireRole(p, 'admin', 'managing webhooks');
      if (!(await ctx.notifications.deleteHook(p.tenantId, request.params.id)))
        throw notFound('webhook', request.params.id);
      void reply.code(204);
      return null;
    },
  );

  app.post<{ Params: { id: string } }>(
    '/v1/notifications/hooks/:id/test',
    {
      schema: {
        summary: 'Send a test delivery now, once, and return its log entry',
        operationId: 'testHook',
        tags,
        security: bearer,
        params: IdParam,
        response: {
          200: described('The test delivery, with its attempt', DeliveryView),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const p = principalOf(request);
      requireRole(p, 'admin', 'managing webhooks');
      const hook = await hookOf(p.tenantId, request.params.id);
      const seq = await ctx.notifications.queue(hook, 'test', null);
      const delivery = (await ctx.notifications.delivery(p.tenantId, seq))!;
      // Taken out of the queue: the test is this one attempt.
      const attempt = await ctx.notificationSender.attempt(
        hook,
        delivery,
        await ctx.notificationSender.bodyFor(hook, delivery),
      );
      const ok =
        attempt.responseCode !== null && attempt.responseCode < 300 && attempt.responseCode >= 200;
      await ctx.notifications.finish(seq, ok ? 'delivered' : 'failed');
      return deliveryView((await ctx.notifications.delivery(p.tenantId, seq))!);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/notifications/hooks/:id/deliveries',
    {
      schema: {
        summary: "A webhook's delivery log, newest first (each attempt's response code)",
        operationId: 'listHookDeliveries',
        tags,
        security: bearer,
        params: IdParam,
        response: {
          200: described('The last 50 deliveries', DeliveryList),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const p = principalOf(request);
      requireRole(p, 'admin', 'managing webhooks');
      const hook = await hookOf(p.tenantId, request.params.id);
      return { items: (await ctx.notifications.deliveries(p.tenantId, hook.id)).map(deliveryView) };
    },
  );
}
