/**
 * POST /v1/github/webhooks. The signature (X-Hub-Signature-256, HMAC SHA-256) is checked on the
 * raw body, in constant time, by @octokit/webhooks before the body is even parsed as JSON; then
 * the payload's shape is checked (400 naming the field); a delivery id is processed once (GitHub
 * redelivers, attackers replay).
 */
import type { ApiInstance } from '../http/api-instance.js';
import { Webhooks } from '@octokit/webhooks';
import type { AppContext } from '../app-context.js';
import { HttpError } from '../http/http-error.js';
import { described, problem } from '../schemas/common.js';
import { WebhookHeaders, WebhookPayload, WebhookResult } from '../schemas/webhook-schemas.js';
import { handleWorkflowEvent } from '../webhooks/handle-workflow-event.js';
import { parseWorkflowEvent } from '../webhooks/workflow-event-payload.js';

export function webhookRoutes(app: ApiInstance, ctx: AppContext): void {
  // GitHub's webhooks exist only for the GitHub executor.
  if (ctx.config.executor.kind !== 'github') return;
  const github = ctx.config.executor.github;
  const webhooks = new Webhooks({ secret: github.webhookSecret });
  const runnerRepo = `${github.owner}/${github.repo}`;

  void app.register(async (scope: ApiInstance) => {
    // The body stays bytes-as-text until the signature over exactly those bytes is verified:
    // unsigned garbage is 401, never a parse error (GitHub signs the raw body:
    // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 },
      (_request, body, done) => done(null, body),
    );
    scope.addHook('preValidation', async (request) => {
      const raw = typeof request.body === 'string' ? request.body : '';
      const signature = request.headers['x-hub-signature-256'];
      const valid =
        typeof signature === 'string' &&
        /^sha256=[0-9a-f]{64}$/.test(signature) &&
        (await webhooks.verify(raw, signature).catch(() => false));
      if (!valid)
        throw new HttpError(
          401,
          'bad_signature',
          'X-Hub-Signature-256 is missing or does not match the body (HMAC SHA-256 with the webhook secret).',
        );
      if (!/^application\/json\b/i.test(request.headers['content-type'] ?? ''))
        throw new HttpError(
          415,
          'unsupported_media_type',
          "Content-Type must be 'application/json' (the webhook's content type setting).",
        );
      try {
        request.body = JSON.parse(raw) as unknown;
      } catch {
        throw new HttpError(400, 'invalid_json', 'The body is not JSON.');
      }
    });
    scope.post(
      '/v1/github/webhooks',
      {
        schema: {
          summary: 'GitHub App webhook deliveries (workflow_run, workflow_job)',
          description:
            'Authenticated by the `X-Hub-Signature-256` HMAC of the body with the webhook secret, not by a bearer token.',
          operationId: 'receiveGitHubWebhook',
          tags: ['github'],
          security: [],
          headers: WebhookHeaders,
          body: WebhookPayload,
          response: {
            202: described('Received: `result` says what became of the delivery', WebhookResult),
            400: problem(
              'The signed body is not JSON, a header is missing, or a payload field has the wrong type',
            ),
            401: problem('The signature is missing or does not match the body'),
            415: problem('A signed body that is not application/json'),
          },
        },
      },
      async (request, reply) => {
        const event = request.headers['x-github-event'];
        const delivery = request.headers['x-github-delivery'];
        const parsed = parseWorkflowEvent(event, request.body);
        if (!parsed.ok)
          throw new HttpError(
            400,
            'invalid_payload',
            `The ${event} payload does not have GitHub's shape: ${parsed.problems
              .map((p) => `${p.field} ${p.problem}`)
              .join('; ')}.`,
            parsed.problems,
          );
        if (!(await ctx.store.deliveries.record(delivery, event)))
          return reply.code(202).send({ result: 'duplicate' });
        try {
          const result = await handleWorkflowEvent(parsed.value, runnerRepo, ctx);
          return reply.code(202).send({ result });
        } catch (error) {
          await ctx.store.deliveries.forget(delivery).catch(() => undefined);
          throw error;
        }
      },
    );
  });
}
