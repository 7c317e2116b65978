/** Projects: what a tenant deploys (module source, customer role, region, backend, facts target). */
import { appendAudit } from '../audit/audit-log.js';
import type { AuditContext } from '../audit/audit-event.js';
import type { Db } from './db.js';
import { newExternalId, newId } from './ids.js';
import type { InvalidatingCache } from './invalidating-cache.js';
import { nameTaken } from './name-taken-error.js';
import { fromRow, type Project, type ProjectInput } from './records.js';

export class ProjectsStore {
  /**
   * Lookups by name are cached (every deployment request makes one). Projects do not change once
   * created; whatever changes one in future must `notifyInvalidate(tx, 'project', '*')`.
   */
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
    private readonly cache: InvalidatingCache<Project>,
  ) {}

  create(tenantId: string, input: ProjectInput, ctx: AuditContext): Promise<Project> {
    const created = this.db.transaction(async (tx) => {
      const now = this.clock();
      const [row] = await tx.query(
        `INSERT INTO projects (id, tenant_id, name, source, role_arn, region, external_id,
           session_duration_seconds, backend, facts, protected_environments, created_at, gcp, azure)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING *`,
        [
          newId('prj'),
          tenantId,
          input.name,
          JSON.stringify(input.source),
          input.roleArn,
          input.region,
          newExternalId(),
          input.sessionDurationSeconds,
          input.backend === null ? null : JSON.stringify(input.backend),
          input.facts === null ? null : JSON.stringify(input.facts),
          input.protectedEnvironments,
          now,
          input.gcp ? JSON.stringify(input.gcp) : null,
          input.azure ? JSON.stringify(input.azure) : null,
        ],
      );
      const project = fromRow<Project>(row!);
      const { externalId: _secretish, ...shown } = project;
      await appendAudit(
        tx,
        {
          ...ctx,
          tenantId,
          action: 'project.create',
          objectType: 'project',
          objectId: project.id,
          data: {
            name: shown.name,
            roleArn: shown.roleArn,
            region: shown.region,
            ...(shown.gcp ? { gcp: shown.gcp } : {}),
            ...(shown.azure ? { azure: shown.azure } : {}),
          },
        },
        now,
      );
      return project;
    });
    return created.catch(nameTaken('project', input.name));
  }

  /** By id or name, within the tenant only. */
  get(tenantId: string, idOrName: string): Promise<Project | undefined> {
    return this.cache.get(`${tenantId}\0${idOrName}`, async () => {
      const [row] = await this.db.query(
        'SELECT * FROM projects WHERE tenant_id = $1 AND (id = $2 OR name = $2)',
        [tenantId, idOrName],
      );
      return row ? fromRow<Project>(row) : undefined;
    });
  }

  /** By id in any tenant (the dispatch loop's lookup: one per dispatch, so cached too). */
  getById(id: string): Promise<Project | undefined> {
    return this.cache.get(`\0${id}`, async () => {
      const [row] = await this.db.query('SELECT * FROM projects WHERE id = $1', [id]);
      return row ? fromRow<Project>(row) : undefined;
    });
  }

  async list(tenantId: string): Promise<Project[]> {
    return (
      await this.db.query('SELECT * FROM projects WHERE tenant_id = $1 ORDER BY name', [tenantId])
    ).map((r) => fromRow<Project>(r));
  }
}
