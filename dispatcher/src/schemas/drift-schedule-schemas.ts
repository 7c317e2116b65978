/** Schemas of /v1/drift-schedules: a schedule as created (cron + IANA time zone) and as listed. */
import { Type, type Static } from '@sinclair/typebox';
import { Environment, Slug, strict, Text } from './common.js';

export const ScheduleInput = Type.Object(
  {
    project: Slug,
    environment: Environment,
    cron: Text({ minLength: 9, maxLength: 100, examples: ['0 3 * * *'] }),
    timeZone: Type.Optional(Text({ minLength: 1, maxLength: 64, examples: ['Europe/Paris'] })),
  },
  strict,
);
export type ScheduleInput = Static<typeof ScheduleInput>;

export const ScheduleView = Type.Object({
  id: Type.String(),
  projectId: Type.String(),
  environment: Type.String(),
  cron: Type.String(),
  timeZone: Type.String(),
  nextRun: Type.Union([Type.String(), Type.Null()]),
});

export const ScheduleList = Type.Object({ items: Type.Array(ScheduleView) });

export const ScheduleDeleted = Type.Null({ description: 'Deleted' });
