/** Unauthenticated operational routes: liveness, readiness, metrics, the spec-signing key. */
import type { ApiInstance } from '../http/api-instance.js';
import type { AppContext } from '../app-context.js';
import { HttpError } from '../http/http-error.js';
import { described, problem } from '../schemas/common.js';
import { HealthStatus, MetricsText, SpecKeyView } from '../schemas/operations-schemas.js';

export function healthRoutes(app: ApiInstance, ctx: AppContext): void {
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'The process is up',
        operationId: 'getHealth',
        tags: ['operations'],
        security: [],
        response: { 200: described('Up: `{"status": "ok"}`', HealthStatus) },
      },
    },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        summary: 'The database answers',
        operationId: 'getReadiness',
        tags: ['operations'],
        security: [],
        response: {
          200: described('Ready: `{"status": "ready"}`', HealthStatus),
          503: problem('The database does not answer'),
        },
      },
    },
    async () => {
      try {
        await ctx.store.ping();
      } catch {
        throw new HttpError(503, 'not_ready', 'The database is not reachable.');
      }
      return { status: 'ready' };
    },
  );
  app.get(
    '/metrics',
    {
      schema: {
        summary: 'Prometheus metrics',
        operationId: 'getMetrics',
        tags: ['operations'],
        security: [],
        response: {
          200: {
            description: 'The Prometheus text exposition format',
            content: { 'text/plain': { schema: MetricsText } },
          },
        },
      },
    },
    async (_request, reply) => {
      ctx.metrics.queueDepth.set(await ctx.store.transitions.queueDepth());
      return reply
        .type(ctx.metrics.registry.contentType)
        .send(await ctx.metrics.registry.metrics());
    },
  );
  app.get(
    '/v1/spec-key',
    {
      schema: {
        summary: "The public key runner repos verify specs with (the action's `spec-public-key`)",
        operationId: 'getSpecKey',
        tags: ['operations'],
        security: [],
        response: {
          200: described('The ES256 public key, as PEM and as a JWK', SpecKeyView),
        },
      },
    },
    async () => ({
      alg: 'ES256' as const,
      kid: ctx.specKey.kid,
      publicKeyPem: ctx.specKey.publicKeyPem,
      jwk: ctx.specKey.jwk as Record<string, string>,
    }),
  );
}
