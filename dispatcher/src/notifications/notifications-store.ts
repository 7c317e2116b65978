/**
 * Webhooks and their deliveries (migration 007). Every read and write names the tenant, so one
 * tenant's hooks and delivery log are never another's. Deliveries are queued by the database
 * trigger with the status change; `claim` takes due ones with SKIP LOCKED and a lease, so one
 * replica sends each and a crashed sender's deliveries are taken again after the lease. Signing
 * secrets are stored sealed (secret-box.ts) and opened only when a hook is read.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../store/db.js';
import type { SecretBox } from './secret-box.js';

export const EVENTS = [
  'deployment.awaiting_approval',
  'deployment.succeeded',
  'deployment.failed',
  'deployment.cancelled',
  'deployment.drifted',
] as const;
export type NotificationEvent = (typeof EVENTS)[number] | 'test';

export interface Hook {
  readonly id: string;
  readonly tenantId: string;
  readonly url: string;
  readonly secret: string;
  readonly format: 'json' | 'slack';
  readonly events: readonly string[];
  readonly createdBy: string;
  readonly createdAt: Date;
}

export interface Attempt {
  readonly at: string;
  readonly responseCode: number | null;
  readonly error: string | null;
}

export interface Delivery {
  readonly seq: number;
  readonly hookId: string;
  readonly tenantId: string;
  readonly event: string;
  readonly deploymentId: string | null;
  readonly status: 'pending' | 'delivered' | 'failed';
  readonly attempts: readonly Attempt[];
  readonly createdAt: Date;
}

const hookOf = (r: Record<string, unknown>, box: SecretBox): Hook => ({
  id: r['id'] as string,
  tenantId: r['tenant_id'] as string,
  url: r['url'] as string,
  secret: box.open(r['secret'] as string, r['id'] as string),
  format: r['format'] as Hook['format'],
  events: r['events'] as string[],
  createdBy: r['created_by'] as string,
  createdAt: r['created_at'] as Date,
});
const deliveryOf = (r: Record<string, unknown>): Delivery => ({
  seq: Number(r['seq']),
  hookId: r['hook_id'] as string,
  tenantId: r['tenant_id'] as string,
  event: r['event'] as string,
  deploymentId: (r['deployment_id'] as string | null) ?? null,
  status: r['status'] as Delivery['status'],
  attempts: r['attempts'] as Attempt[],
  createdAt: r['created_at'] as Date,
});

export class NotificationsStore {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
    private readonly box: SecretBox,
  ) {}

  async createHook(
    tenantId: string,
    input: { url: string; format: Hook['format']; events: readonly string[]; createdBy: string },
  ): Promise<Hook> {
    const id = `hook_${randomBytes(10).toString('hex')}`;
    const [row] = await this.db.query(
      `INSERT INTO notification_hooks (id, tenant_id, url, secret, format, events, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [
        id,
        tenantId,
        input.url,
        this.box.seal(`whsec_${randomBytes(24).toString('base64url')}`, id),
        input.format,
        input.events,
        input.createdBy,
        this.clock(),
      ],
    );
    return hookOf(row!, this.box);
  }

  async listHooks(tenantId: string): Promise<Hook[]> {
    const rows = await this.db.query(
      'SELECT * FROM notification_hooks WHERE tenant_id = $1 AND deleted_at IS NULL ORDER BY created_at, id',
      [tenantId],
    );
    return rows.map((r) => hookOf(r, this.box));
  }

  async getHook(tenantId: string, id: string): Promise<Hook | undefined> {
    const [row] = await this.db.query(
      'SELECT * FROM notification_hooks WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL',
      [tenantId, id],
    );
    return row ? hookOf(row, this.box) : undefined;
  }

  async deleteHook(tenantId: string, id: string): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE notification_hooks SET deleted_at = $3
       WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING id`,
      [tenantId, id, this.clock()],
    );
    return rows.length === 1;
  }

  /** Queues a delivery outside a status change (a test delivery, a drift finding). */
  async queue(hook: Hook, event: NotificationEvent, deploymentId: string | null): Promise<number> {
    const [row] = await this.db.query<{ seq: number }>(
      `INSERT INTO notification_deliveries (hook_id, tenant_id, event, deployment_id, next_attempt_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $5) RETURNING seq`,
      [hook.id, hook.tenantId, event, deploymentId, this.clock()],
    );
    return Number(row!.seq);
  }

  /** Due deliveries, leased to this sender for `leaseMs`. */
  async claim(limit: number, leaseMs: number): Promise<Delivery[]> {
    const now = this.clock();
    const rows = await this.db.query(
      `UPDATE notification_deliveries SET next_attempt_at = $2
       WHERE seq IN (SELECT seq FROM notification_deliveries
                     WHERE status = 'pending' AND next_attempt_at <= $1
                     ORDER BY seq LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [now, new Date(now.getTime() + leaseMs), limit],
    );
    return rows.map(deliveryOf).sort((a, b) => a.seq - b.seq);
  }

  async recordAttempt(seq: number, attempt: Attempt): Promise<void> {
    await this.db.query(
      `UPDATE notification_deliveries SET attempts = attempts || $2::jsonb WHERE seq = $1`,
      [seq, JSON.stringify([attempt])],
    );
  }

  async finish(seq: number, status: 'delivered' | 'failed'): Promise<void> {
    await this.db.query('UPDATE notification_deliveries SET status = $2 WHERE seq = $1', [
      seq,
      status,
    ]);
  }

  async getHookById(id: string): Promise<Hook | undefined> {
    const [row] = await this.db.query('SELECT * FROM notification_hooks WHERE id = $1', [id]);
    return row ? hookOf(row, this.box) : undefined;
  }

  async deliveries(tenantId: string, hookId: string, limit = 50): Promise<Delivery[]> {
    const rows = await this.db.query(
      `SELECT * FROM notification_deliveries WHERE tenant_id = $1 AND hook_id = $2
       ORDER BY seq DESC LIMIT $3`,
      [tenantId, hookId, limit],
    );
    return rows.map(deliveryOf);
  }

  async delivery(tenantId: string, seq: number): Promise<Delivery | undefined> {
    const [row] = await this.db.query(
      'SELECT * FROM notification_deliveries WHERE tenant_id = $1 AND seq = $2',
      [tenantId, seq],
    );
    return row ? deliveryOf(row) : undefined;
  }
}
