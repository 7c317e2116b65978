/**
 * What a webhook receives for an event: Grape's JSON (event, time, the deployment's id, project,
 * environment, operation, status and reason, run URL, plan counts, facts commit), or a
 * Slack-compatible message (`{"text": …}`, which Slack's incoming webhooks and compatible chat
 * tools show as is). Never a variable's value, an output's value or a token.
 */
import type { Deployment } from '../store/records.js';

export interface NotificationContext {
  readonly event: string;
  readonly sentAt: Date;
  readonly deliveryId: number;
  readonly deployment: (Deployment & { readonly projectName?: string }) | undefined;
  readonly publicUrl: string;
}

const WORDS: Record<string, string> = {
  'deployment.awaiting_approval': 'has a plan awaiting approval',
  'deployment.succeeded': 'succeeded',
  'deployment.failed': 'failed',
  'deployment.cancelled': 'was cancelled',
  'deployment.drifted': 'found drift',
};

export function notificationBody(format: 'json' | 'slack', c: NotificationContext): string {
  const d = c.deployment;
  if (format === 'slack') {
    const text = d
      ? `Grape: ${d.operation} of ${d.projectName ?? d.projectId}/${d.environment} (${d.id}) ${WORDS[c.event] ?? c.event}${d.statusReason ? `: ${d.statusReason}` : ''}${d.runUrl ? ` <${d.runUrl}|run>` : ''}`
      : `Grape: test delivery ${c.deliveryId} from ${c.publicUrl}`;
    return JSON.stringify({ text });
  }
  return JSON.stringify({
    event: c.event,
    deliveryId: c.deliveryId,
    sentAt: c.sentAt.toISOString(),
    ...(d
      ? {
          deployment: {
            id: d.id,
            tenantId: d.tenantId,
            project: { id: d.projectId, ...(d.projectName ? { name: d.projectName } : {}) },
            environment: d.environment,
            operation: d.operation,
            status: d.status,
            statusReason: d.statusReason,
            runUrl: d.runUrl,
            plan: d.planSummary ?? null,
            drift: d.drift ?? null,
            factsCommit: d.factsCommit,
            url: `${c.publicUrl}/v1/deployments/${d.id}`,
          },
        }
      : { test: true }),
  });
}
