/** Tenants: created by the operator (CLI), never through the tenant-facing API. */
import { appendAudit } from '../audit/audit-log.js';
import type { AuditContext } from '../audit/audit-event.js';
import type { Db } from './db.js';
import { newId } from './ids.js';
import { nameTaken } from './name-taken-error.js';
import { fromRow, type Tenant } from './records.js';

export class TenantsStore {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  create(name: string, ctx: AuditContext): Promise<Tenant> {
    const created = this.db.transaction(async (tx) => {
      const now = this.clock();
      const [row] = await tx.query(
        'INSERT INTO tenants (id, name, created_at) VALUES ($1, $2, $3) RETURNING *',
        [newId('ten'), name, now],
      );
      const tenant = fromRow<Tenant>(row!);
      await appendAudit(
        tx,
        {
          ...ctx,
          tenantId: tenant.id,
          action: 'tenant.create',
          objectType: 'tenant',
          objectId: tenant.id,
          data: { name },
        },
        now,
      );
      return tenant;
    });
    return created.catch(nameTaken('tenant', name));
  }

  async get(idOrName: string): Promise<Tenant | undefined> {
    const [row] = await this.db.query('SELECT * FROM tenants WHERE id = $1 OR name = $1', [
      idOrName,
    ]);
    return row ? fromRow<Tenant>(row) : undefined;
  }

  async list(): Promise<Tenant[]> {
    return (await this.db.query('SELECT * FROM tenants ORDER BY created_at, id')).map((r) =>
      fromRow<Tenant>(r),
    );
  }
}
