/**
 * POST /v1/github/webhooks. The signature (X-Hub-Signature-256, HMAC SHA-256) is checked on the
 * raw body, in constant time, by @octokit/webhooks before anything is parsed into state; a
 * delivery id is processed once (GitHub redelivers, attackers replay).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Webhooks } from '@octokit/webhooks';
import type { AppContext } from '../app-context.js';
import { HttpError } from '../http/http-error.js';
import { described, problem } from '../schemas/common.js';
import { handleWorkflowEvent } from '../webhooks/handle-workflow-event.js';

const Headers = Type.Object({
  'x-github-event': Type.String({ pattern: '^[a-z_]{1,64}$', examples: ['workflow_run'] }),
  'x-github-delivery': Type.String({
    pattern: '^[A-Za-z0-9-]{1,64}$',
    examples: ['0b989ba4-242f-11e5-81e1-c7b6966d2516'],
  }),
  'x-hub-signature-256': Type.Optional(Type.String({ maxLength: 100 })),
});
type Headers = {
  'x-github-event': string;
  'x-github-delivery': string;
  'x-hub-signature-256'?: string;
};

export function webhookRoutes(app: FastifyInstance, ctx: AppContext): void {
  // GitHub's webhooks exist only for the GitHub executor.
  if (ctx.config.executor.kind !== 'github') return;
  const github = ctx.config.executor.github;
  const webhooks = new Webhooks({ secret: github.webhookSecret });
  const runnerRepo = `${github.owner}/${github.repo}`;

  void app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 },
      (request, body, done) => {
        (request as FastifyRequest & { rawBody?: string }).rawBody = body as string;
        try {
          done(null, JSON.parse(body as string));
        } catch {
          done(new HttpError(400, 'invalid_json', 'The body is not JSON.'), undefined);
        }
      },
    );
    scope.post<{ Headers: Headers; Body: Record<string, unknown> }>(
      '/v1/github/webhooks',
      {
        schema: {
          summary: 'GitHub App webhook deliveries (workflow_run, workflow_job)',
          description:
            'Authenticated by the `X-Hub-Signature-256` HMAC of the body with the webhook secret, not by a bearer token.',
          operationId: 'receiveGitHubWebhook',
          tags: ['github'],
          security: [],
          headers: Headers,
          body: Type.Object(
            {},
            { additionalProperties: true, description: "GitHub's webhook payload" },
          ),
          response: {
            202: described(
              'Received: `result` says what became of the delivery',
              Type.Object({ result: Type.String() }),
            ),
            400: problem('The body is not JSON, or a header is missing'),
            401: problem('The signature does not match the body'),
          },
        },
      },
      async (request, reply) => {
        const raw = (request as FastifyRequest & { rawBody?: string }).rawBody ?? '';
        const signature = request.headers['x-hub-signature-256'];
        const valid =
          signature !== undefined &&
          /^sha256=[0-9a-f]{64}$/.test(signature) &&
          (await webhooks.verify(raw, signature).catch(() => false));
        if (!valid)
          throw new HttpError(
            401,
            'bad_signature',
            'X-Hub-Signature-256 is missing or does not match the body (HMAC SHA-256 with the webhook secret).',
          );
        const event = request.headers['x-github-event'];
        const delivery = request.headers['x-github-delivery'];
        if (!(await ctx.store.deliveries.record(delivery, event)))
          return reply.code(202).send({ result: 'duplicate' });
        try {
          const result = await handleWorkflowEvent(event, request.body, runnerRepo, ctx);
          return reply.code(202).send({ result });
        } catch (error) {
          await ctx.store.deliveries.forget(delivery).catch(() => undefined);
          throw error;
        }
      },
    );
  });
}
