/** Schemas of GET /v1/deployments/{id}/events: a deployment's history, from its audit events. */
import { Type, type Static } from '@sinclair/typebox';

/** The most events one answer lists (a deployment records a handful; retries add a few). */
export const HISTORY_LIMIT = 200;

export const DeploymentHistoryEvent = Type.Object({
  seq: Type.Integer({ description: "The event's position in the audit chain" }),
  at: Type.String({ format: 'date-time' }),
  action: Type.String({ examples: ['deployment.running'] }),
  status: Type.Union([Type.String(), Type.Null()], {
    description: 'The status the deployment took with this event; null for a note',
    examples: ['awaiting-approval'],
  }),
  actor: Type.String({ description: 'Who: a login, a token, or `system` for the dispatcher' }),
  reason: Type.Union([Type.String(), Type.Null()]),
});

export const DeploymentHistory = Type.Object({
  deploymentId: Type.String(),
  items: Type.Array(DeploymentHistoryEvent, { maxItems: HISTORY_LIMIT }),
  truncated: Type.Boolean({
    description: `True when the deployment has more than ${HISTORY_LIMIT} events (the oldest are listed)`,
  }),
});

export type DeploymentHistory = Static<typeof DeploymentHistory>;
