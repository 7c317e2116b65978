/**
 * Schemas of POST /v1/github/webhooks: GitHub's delivery headers, the payload (any object here;
 * its shape is checked per event by webhooks/workflow-event-payload.ts) and the answer.
 */
import { Type } from '@sinclair/typebox';

export const WebhookHeaders = Type.Object({
  'x-github-event': Type.String({ pattern: '^[a-z_]{1,64}$', examples: ['workflow_run'] }),
  'x-github-delivery': Type.String({
    pattern: '^[A-Za-z0-9-]{1,64}$',
    examples: ['0b989ba4-242f-11e5-81e1-c7b6966d2516'],
  }),
  'x-hub-signature-256': Type.Optional(Type.String({ maxLength: 100 })),
});

export const WebhookPayload = Type.Object(
  {},
  { additionalProperties: true, description: "GitHub's webhook payload" },
);

export const WebhookResult = Type.Object({ result: Type.String() });
