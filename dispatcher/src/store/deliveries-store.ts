/** GitHub webhook deliveries already handled, by `X-GitHub-Delivery` id (GitHub redelivers). */
import type { Db } from './db.js';

export class DeliveriesStore {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  /** True the first time a delivery id is seen, false on every redelivery/replay. */
  async record(id: string, event: string): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO webhook_deliveries (id, event, received_at) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [id, event, this.clock()],
    );
    return rows.length === 1;
  }

  /** Forgets a delivery whose handling failed, so GitHub's redelivery is processed. */
  async forget(id: string): Promise<void> {
    await this.db.query('DELETE FROM webhook_deliveries WHERE id = $1', [id]);
  }
}
