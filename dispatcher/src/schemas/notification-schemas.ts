/** Schemas of outbound webhooks: a hook, its creation, its delivery log. */
import { Type, type Static } from '@sinclair/typebox';
import { EVENTS } from '../notifications/notifications-store.js';
import { textPatternExcluding } from '../../../contract/text-pattern.js';
import { strict } from './common.js';

const Event = Type.Union(
  EVENTS.map((e) => Type.Literal(e)),
  { description: 'A deployment event' },
);

export const HookInput = Type.Object(
  {
    url: Type.String({
      minLength: 8,
      maxLength: 2000,
      // No space or control character; the scheme and address are checked by the SSRF guard.
      pattern: textPatternExcluding('\\s'),
      examples: ['https://hooks.example.com/grape'],
    }),
    events: Type.Optional(Type.Array(Event, { minItems: 1, uniqueItems: true })),
    format: Type.Optional(
      Type.Union([Type.Literal('json'), Type.Literal('slack')], {
        description: '`json` (Grape\'s event) or `slack` (a Slack-compatible `{"text"}` message)',
      }),
    ),
  },
  strict,
);
export type HookInput = Static<typeof HookInput>;

export const HookView = Type.Object({
  id: Type.String(),
  url: Type.String(),
  format: Type.String(),
  events: Type.Array(Type.String()),
  createdBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const CreatedHook = Type.Object({
  ...HookView.properties,
  secret: Type.String({
    description:
      'Signs every body: X-Grape-Signature-256 = sha256=HMAC-SHA256(secret, body). Shown once.',
  }),
});

export const DeliveryView = Type.Object({
  id: Type.Integer(),
  event: Type.String(),
  deploymentId: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Array(
    Type.Object({
      at: Type.String(),
      responseCode: Type.Union([Type.Integer(), Type.Null()]),
      error: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  createdAt: Type.String({ format: 'date-time' }),
});

export const HookList = Type.Object({ items: Type.Array(HookView) });

export const HookDeleted = Type.Null({ description: 'Deleted' });

export const DeliveryList = Type.Object({ items: Type.Array(DeliveryView) });
