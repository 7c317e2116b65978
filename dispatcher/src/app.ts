/**
 * The HTTP application: Fastify with schema-first routes (validation, types and /openapi.json from
 * one TypeBox source), unknown fields rejected (never silently dropped), one error handler, request
 * ids, redacted logs, metrics. Importable without side effects; server.ts listens.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from './app-context.js';
import { auditVerificationRoutes } from './console/audit-verification-routes.js';
import { authenticateRequest } from './console/authenticate-request.js';
import { loadConsoleAssets } from './console/console-assets.js';
import { createConsoleContext } from './console/console-context.js';
import { consolePages } from './console/console-pages.js';
import { eventsRoutes } from './console/events-routes.js';
import { memberRoutes } from './console/members-routes.js';
import { signInRoutes } from './console/sign-in-routes.js';
import { errorHandler } from './http/error-handler.js';
import { auditRoutes } from './routes/audit.js';
import { deploymentActionRoutes } from './routes/deployment-actions.js';
import { deploymentEventRoutes } from './routes/deployment-events.js';
import { deploymentLogRoutes } from './routes/deployment-log.js';
import { deploymentLogsRoutes } from './routes/deployment-logs.js';
import { deploymentRoutes } from './routes/deployments.js';
import { driftScheduleRoutes } from './routes/drift-schedules.js';
import { healthRoutes } from './routes/health.js';
import { notificationRoutes } from './routes/notifications.js';
import { projectRoutes } from './routes/projects.js';
import { reportRoutes } from './routes/reports.js';
import { runLogRoutes } from './routes/run-logs.js';
import { tokenRoutes } from './routes/tokens.js';
import { webhookRoutes } from './routes/webhooks.js';

export interface AppOptions {
  /** pino options, or false for silence (tests). */
  readonly logger?: FastifyServerOptions['logger'];
  /** Called when the app closes (stop loops, close the store). */
  readonly onClose?: () => Promise<void>;
  /** Reaches GitHub for the console's sign-in (tests: a loopback stand-in needs none). */
  readonly fetch?: typeof fetch;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The API reference page loads nothing from elsewhere and runs no inline script or style. */
export const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const loggerOptions = (level: string) => ({
  level,
  redact: {
    paths: [
      'req.headers.authorization',
      'req.headers["x-hub-signature-256"]',
      'token',
      '*.token',
      'spec',
      '*.spec',
    ],
    censor: '[redacted]',
  },
});

export async function buildApp(
  ctx: AppContext,
  options: AppOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 64 * 1024,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: false,
        useDefaults: true,
        allErrors: true,
        verbose: true,
      },
    },
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({
      error: 'not_found',
      message: `No route ${request.method} ${request.url.split('?')[0]}.`,
      requestId: request.id,
    });
  });
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    ctx.metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    ctx.metrics.latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  if (options.onClose) app.addHook('onClose', options.onClose);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Grape dispatcher',
        version: '1',
        description: 'Zero-key Terraform/OpenTofu deployments through GitHub Actions.',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      servers: [{ url: ctx.config.publicUrl, description: 'This dispatcher (GRAPE_PUBLIC_URL)' }],
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API token (`grape token create`)',
          },
          // Only runs dispatched to GitHub report back over HTTP (routes/reports.ts).
          ...(ctx.config.executor.kind === 'github'
            ? {
                githubOidc: {
                  type: 'http',
                  scheme: 'bearer',
                  bearerFormat: 'JWT',
                  description: "The run's GitHub Actions OIDC token",
                },
              }
            : {}),
        },
      },
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // The API reference page: Swagger UI's own files from node_modules (no CDN, works offline), its
  // script and styles from this origin only; it reads the document at /docs/json.
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: DOCS_CSP,
    theme: { title: 'Grape dispatcher API' },
    uiConfig: { deepLinking: true, defaultModelsExpandDepth: 0 },
  });

  healthRoutes(app, ctx);
  webhookRoutes(app, ctx);
  reportRoutes(app, ctx);
  // The web console (console/): its pages at /, sign-in, and sessions as one more way in below.
  const web = createConsoleContext(ctx, options.fetch);
  consolePages(app, await loadConsoleAssets());
  signInRoutes(app, ctx, web);
  runLogRoutes(app, ctx);
  await app.register(async (tenantApi) => {
    tenantApi.addHook('onRequest', authenticateRequest(ctx.store, web.sessions, web.cookieName));
    memberRoutes(tenantApi, ctx, web);
    eventsRoutes(tenantApi, ctx, web);
    auditVerificationRoutes(tenantApi, ctx);
    deploymentRoutes(tenantApi, ctx);
    deploymentActionRoutes(tenantApi, ctx);
    deploymentLogRoutes(tenantApi, ctx);
    deploymentEventRoutes(tenantApi, ctx);
    deploymentLogsRoutes(tenantApi, ctx);
    notificationRoutes(tenantApi, ctx);
    driftScheduleRoutes(tenantApi, ctx);
    projectRoutes(tenantApi, ctx);
    tokenRoutes(tenantApi, ctx);
    auditRoutes(tenantApi, ctx);
  });
  return app;
}
