/**
 * Fires drift-check schedules (migration 008): for each schedule, the latest slot of its cron
 * expression (croner, in the schedule's time zone) at or before now; a slot is fired by the one
 * replica whose (schedule, slot) insert wins, and only if it is newer than the schedule itself
 * and than `maxLateMs` (a slot long past, missed while every replica was down, is skipped: never
 * a burst of old slots). Firing requests a plan of the schedule's project and environment, marked
 * a drift check (migration 011) so its report records 'in-sync' or 'drifted'.
 */
import { randomBytes } from 'node:crypto';
import { Cron } from 'croner';
import type { Log } from '../dispatch/dispatch-deps.js';
import type { Db } from '../store/db.js';
import type { Store } from '../store/store.js';

export interface DriftSchedule {
  readonly id: string;
  readonly tenantId: string;
  readonly projectId: string;
  readonly environment: string;
  readonly cron: string;
  readonly timeZone: string;
  readonly createdAt: Date;
}

/** A cron expression and time zone croner accepts, or an error naming the problem. */
export function parseSchedule(cron: string, timeZone: string): Cron {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new Error(
      `timeZone '${timeZone}' is not an IANA time zone: use e.g. 'Europe/Paris' or 'UTC'.`,
    );
  }
  try {
    return new Cron(cron, { timezone: timeZone, paused: true });
  } catch (error) {
    throw new Error(
      `cron '${cron}' is not a cron expression (${(error as Error).message}): use e.g. '0 3 * * *' (every day at 03:00).`,
      { cause: error },
    );
  }
}

const scheduleOf = (row: Record<string, unknown>): DriftSchedule => ({
  id: row['id'] as string,
  tenantId: row['tenant_id'] as string,
  projectId: row['project_id'] as string,
  environment: row['environment'] as string,
  cron: row['cron'] as string,
  timeZone: row['time_zone'] as string,
  createdAt: row['created_at'] as Date,
});

export class DriftScheduler {
  constructor(
    private readonly db: Db,
    private readonly store: Store,
    private readonly clock: () => Date,
    private readonly log: Log,
    /** A slot later than this is skipped (default 10 minutes). */
    private readonly maxLateMs = 10 * 60_000,
  ) {}

  async create(
    input: Omit<DriftSchedule, 'id' | 'createdAt'> & { readonly createdBy: string },
  ): Promise<DriftSchedule> {
    parseSchedule(input.cron, input.timeZone);
    const id = `sch_${randomBytes(10).toString('hex')}`;
    const createdAt = this.clock();
    await this.db.query(
      `INSERT INTO drift_schedules (id, tenant_id, project_id, environment, cron, time_zone, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        id,
        input.tenantId,
        input.projectId,
        input.environment,
        input.cron,
        input.timeZone,
        input.createdBy,
        createdAt,
      ],
    );
    return { ...input, id, createdAt };
  }

  async list(tenantId: string): Promise<DriftSchedule[]> {
    const rows = await this.db.query<Record<string, unknown>>(
      'SELECT * FROM drift_schedules WHERE tenant_id = $1 AND deleted_at IS NULL ORDER BY created_at, id',
      [tenantId],
    );
    return rows.map(scheduleOf);
  }

  async remove(tenantId: string, id: string): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE drift_schedules SET deleted_at = $3
       WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING id`,
      [tenantId, id, this.clock()],
    );
    return rows.length === 1;
  }

  /** Fires every due slot this replica wins; returns the deployments it requested. */
  async tick(): Promise<string[]> {
    const now = this.clock();
    const rows = await this.db.query<Record<string, unknown>>(
      'SELECT * FROM drift_schedules WHERE deleted_at IS NULL ORDER BY id',
    );
    const fired: string[] = [];
    for (const row of rows) {
      const s = scheduleOf(row);
      const slot = parseSchedule(s.cron, s.timeZone).previousRuns(1, now)[0];
      if (!slot || slot <= s.createdAt || now.getTime() - slot.getTime() > this.maxLateMs) continue;
      const won = await this.db.query(
        `INSERT INTO drift_schedule_firings (schedule_id, slot, fired_at) VALUES ($1, $2, $3)
         ON CONFLICT (schedule_id, slot) DO NOTHING RETURNING slot`,
        [s.id, slot, now],
      );
      if (won.length === 0) continue; // another replica fired it
      try {
        const project = await this.store.projects.getById(s.projectId);
        if (!project) continue;
        const { deployment } = await this.store.deployments.create(
          {
            tenantId: s.tenantId,
            projectId: s.projectId,
            environment: s.environment,
            operation: 'plan',
            ref: project.source.ref,
            variables: {},
            idempotencyKey: `schedule:${s.id}:${slot.toISOString()}`,
            requestHash: null,
          },
          { actor: `schedule:${s.id}` },
        );
        // Marked a drift check (migration 011) with the firing, before any run can report.
        await this.db.transaction(async (tx) => {
          await tx.query('UPDATE deployments SET drift_check = true WHERE id = $1', [
            deployment.id,
          ]);
          await tx.query(
            'UPDATE drift_schedule_firings SET deployment_id = $3 WHERE schedule_id = $1 AND slot = $2',
            [s.id, slot, deployment.id],
          );
        });
        fired.push(deployment.id);
      } catch (error) {
        this.log.warn(
          { scheduleId: s.id, err: error },
          'a drift-check schedule could not request its plan',
        );
      }
    }
    return fired;
  }
}
