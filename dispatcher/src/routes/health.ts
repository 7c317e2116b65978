/** Unauthenticated operational routes: liveness, readiness, metrics, the spec-signing key. */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../app-context.js';
import { HttpError } from '../http/http-error.js';
import { described, problem } from '../schemas/common.js';

export function healthRoutes(app: FastifyInstance, ctx: AppContext): void {
  const Ok = Type.Object({ status: Type.String() });
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'The process is up',
        operationId: 'getHealth',
        tags: ['operations'],
        security: [],
        response: { 200: described('Up: `{"status": "ok"}`', Ok) },
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
          200: described('Ready: `{"status": "ready"}`', Ok),
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
            content: { 'text/plain': { schema: Type.String() } },
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
          200: described(
            'The ES256 public key, as PEM and as a JWK',
            Type.Object({
              alg: Type.Literal('ES256'),
              kid: Type.String(),
              publicKeyPem: Type.String(),
              jwk: Type.Record(Type.String(), Type.String()),
            }),
          ),
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
