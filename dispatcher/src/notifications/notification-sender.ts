/**
 * Sends queued webhook deliveries: claims due ones (one replica each), builds the body
 * (notification-body.ts), signs it (sign-body.ts), checks the destination on every attempt
 * (check-destination.ts) and connects to the checked address only, never following a redirect.
 * A failed attempt (no answer, or not 2xx) is retried with exponential backoff by p-retry; every
 * attempt's response code or error goes to the delivery log; after the last the delivery is
 * `failed`. Woken by NOTIFY grape_notify (migration 007) and an interval poll.
 */
import pRetry from 'p-retry';
import { Agent, fetch as undiciFetch } from 'undici';
import type { Log } from '../dispatch/dispatch-deps.js';
import type { Store } from '../store/store.js';
import {
  checkDestination,
  systemLookup,
  type DestinationPolicy,
  type Lookup,
} from './check-destination.js';
import { notificationBody } from './notification-body.js';
import type { Attempt, Delivery, Hook, NotificationsStore } from './notifications-store.js';
import { SIGNATURE_HEADER, signBody } from './sign-body.js';

export interface SenderDeps {
  readonly notifications: NotificationsStore;
  readonly store: Store;
  readonly policy: DestinationPolicy;
  readonly publicUrl: string;
  readonly clock: () => Date;
  readonly log: Log;
  readonly lookup?: Lookup;
  /** Retries after the first attempt, and the first backoff (doubling). */
  readonly retries?: number;
  readonly minTimeoutMs?: number;
  readonly timeoutMs?: number;
}

export class NotificationSender {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: SenderDeps) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => this.wake(), intervalMs);
    this.timer.unref();
  }

  wake(): void {
    this.running ??= this.tick()
      .then(() => undefined)
      .catch((error: Error) => this.deps.log.warn({ err: error }, 'notification sending failed'))
      .finally(() => {
        this.running = undefined;
      });
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Sends what is due now; resolves when each claimed delivery ended (delivered or failed). */
  async tick(): Promise<number> {
    const leaseMs = 120_000;
    const due = await this.deps.notifications.claim(10, leaseMs);
    await Promise.all(due.map((d) => this.deliver(d)));
    return due.length;
  }

  /** One attempt, recorded: the response code, or why there was none. */
  async attempt(
    hook: Hook,
    delivery: Pick<Delivery, 'seq' | 'event'>,
    body: string,
  ): Promise<Attempt> {
    const at = this.deps.clock().toISOString();
    let result: Attempt;
    try {
      const dest = await checkDestination(
        hook.url,
        this.deps.policy,
        this.deps.lookup ?? systemLookup,
      );
      const agent = new Agent({
        connect: {
          lookup: (_host, _options, callback) => callback(null, dest.address, dest.family),
        },
      });
      try {
        const response = await undiciFetch(dest.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'grape-dispatcher',
            'x-grape-event': delivery.event,
            'x-grape-delivery': String(delivery.seq),
            [SIGNATURE_HEADER]: signBody(hook.secret, body),
          },
          body,
          redirect: 'manual',
          dispatcher: agent,
          signal: AbortSignal.timeout(this.deps.timeoutMs ?? 10_000),
        });
        await response.body?.cancel().catch(() => undefined);
        result = { at, responseCode: response.status, error: null };
      } finally {
        await agent.close().catch(() => undefined);
      }
    } catch (error) {
      result = { at, responseCode: null, error: (error as Error).message.slice(0, 500) };
    }
    await this.deps.notifications.recordAttempt(delivery.seq, result);
    return result;
  }

  async bodyFor(hook: Hook, delivery: Delivery): Promise<string> {
    const d = delivery.deploymentId
      ? await this.deps.store.deployments.getById(delivery.deploymentId)
      : undefined;
    // The same tenant, always: the trigger queues only the deployment's own tenant's hooks.
    const deployment = d && d.tenantId === hook.tenantId ? d : undefined;
    const project = deployment && (await this.deps.store.projects.getById(deployment.projectId));
    return notificationBody(hook.format, {
      event: delivery.event,
      sentAt: this.deps.clock(),
      deliveryId: delivery.seq,
      deployment: deployment && {
        ...deployment,
        ...(project ? { projectName: project.name } : {}),
      },
      publicUrl: this.deps.publicUrl,
    });
  }

  private async deliver(delivery: Delivery): Promise<void> {
    const hook = await this.deps.notifications.getHookById(delivery.hookId);
    if (!hook || hook.tenantId !== delivery.tenantId) {
      await this.deps.notifications.finish(delivery.seq, 'failed');
      return;
    }
    const body = await this.bodyFor(hook, delivery);
    try {
      await pRetry(
        async () => {
          const result = await this.attempt(hook, delivery, body);
          const ok =
            result.responseCode !== null && result.responseCode >= 200 && result.responseCode < 300;
          if (!ok) throw new Error(result.error ?? `HTTP ${result.responseCode}`);
        },
        {
          retries: this.deps.retries ?? 4,
          minTimeout: this.deps.minTimeoutMs ?? 1000,
          factor: 2,
          maxTimeout: 30_000,
        },
      );
      await this.deps.notifications.finish(delivery.seq, 'delivered');
    } catch {
      await this.deps.notifications.finish(delivery.seq, 'failed');
    }
  }
}
