/**
 * /v1/drift-schedules: a tenant's drift-check schedules (admin tokens): create one for a project
 * and environment (cron expression + IANA time zone, checked here with a message naming the bad
 * field), list, delete. Firing is schedules/drift-scheduler.ts. Another tenant's schedule or
 * project reads as absent.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { canSeeProject, principalOf, requireRole } from '../auth/principal.js';
import { conflict, invalid, notFound } from '../http/http-error.js';
import { parseSchedule } from '../schedules/drift-scheduler.js';
import { bearer, described, errorResponses, IdParam } from '../schemas/common.js';
import {
  ScheduleDeleted,
  ScheduleInput,
  ScheduleList,
  ScheduleView,
} from '../schemas/drift-schedule-schemas.js';
import { UNIQUE_VIOLATION, sqlState } from '../store/db.js';

export function driftScheduleRoutes(app: FastifyInstance, ctx: AppContext): void {
  const tags = ['schedules'];
  const view = (s: {
    id: string;
    projectId: string;
    environment: string;
    cron: string;
    timeZone: string;
  }) => ({
    ...s,
    nextRun: parseSchedule(s.cron, s.timeZone).nextRun(ctx.clock())?.toISOString() ?? null,
  });

  app.post<{ Body: ScheduleInput }>(
    '/v1/drift-schedules',
    {
      schema: {
        summary: 'Schedule drift-checking plans of a project environment',
        operationId: 'createDriftSchedule',
        tags,
        security: bearer,
        body: ScheduleInput,
        response: {
          201: described('The schedule and its next run', ScheduleView),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      requireRole(p, 'admin', 'managing schedules');
      const b = request.body;
      const project = await ctx.store.projects.get(p.tenantId, b.project);
      if (!project || !canSeeProject(p, project)) throw notFound('project', b.project);
      const timeZone = b.timeZone ?? 'UTC';
      try {
        parseSchedule(b.cron, timeZone);
      } catch (error) {
        const field = (error as Error).message.startsWith('timeZone') ? 'timeZone' : 'cron';
        throw invalid(
          field,
          (error as Error).message,
          field === 'cron' ? "'0 3 * * *'" : "'Europe/Paris'",
        );
      }
      try {
        const s = await ctx.driftScheduler.create({
          tenantId: p.tenantId,
          projectId: project.id,
          environment: b.environment,
          cron: b.cron,
          timeZone,
          createdBy: p.id,
        });
        void reply.code(201);
        return view(s);
      } catch (error) {
        if (sqlState(error) === UNIQUE_VIOLATION)
          throw conflict(
            `${project.name}/${b.environment} already has a schedule: delete it first.`,
          );
        throw error;
      }
    },
  );

  app.get(
    '/v1/drift-schedules',
    {
      schema: {
        summary: "The tenant's drift-check schedules",
        operationId: 'listDriftSchedules',
        tags,
        security: bearer,
        response: {
          200: described('Schedules', ScheduleList),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const p = principalOf(request);
      requireRole(p, 'admin', 'managing schedules');
      return { items: (await ctx.driftScheduler.list(p.tenantId)).map(view) };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/drift-schedules/:id',
    {
      schema: {
        summary: 'Delete a drift-check schedule',
        operationId: 'deleteDriftSchedule',
        tags,
        security: bearer,
        params: IdParam,
        response: { 204: ScheduleDeleted, ...errorResponses },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      requireRole(p, 'admin', 'managing schedules');
      if (!(await ctx.driftScheduler.remove(p.tenantId, request.params.id)))
        throw notFound('schedule', request.params.id);
      void reply.code(204);
      return null;
    },
  );
}
