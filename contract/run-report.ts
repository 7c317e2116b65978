/**
 * The action's report to the dispatcher at the end of a run (POST <callback url>), authenticated
 * by the run's own GitHub OIDC token. Shared by both sides; it carries names and hashes, never values.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ID_PATTERN, SHA256_PATTERN, VARIABLE_NAME_PATTERN } from './deployment-spec.js';
import { MULTILINE_TEXT_PATTERN, TEXT_PATTERN } from './text-pattern.js';

/** The most changed resources a report lists (the rest are counted in `resourcesOmitted`). */
export const MAX_REPORTED_RESOURCES = 200;

/** One changed resource: its address and what the plan does to it; names only, never values. */
export const ReportedResourceSchema = Type.Object(
  {
    address: Type.String({ minLength: 1, maxLength: 512, pattern: TEXT_PATTERN }),
    action: Type.String({ pattern: '^[a-z-]{1,32}$' }),
  },
  { additionalProperties: false },
);

export const RunReportSchema = Type.Object(
  {
    v: Type.Literal(1),
    deploymentId: Type.String({ pattern: ID_PATTERN }),
    status: Type.Union([
      Type.Literal('succeeded'),
      Type.Literal('failed'),
      Type.Literal('cancelled'),
    ]),
    plan: Type.Optional(
      Type.Object(
        {
          sha256: Type.String({ pattern: SHA256_PATTERN }),
          hasChanges: Type.Boolean(),
          summary: Type.Record(
            Type.String({ pattern: '^[a-z_-]{1,32}$' }),
            Type.Integer({ minimum: 0 }),
            { additionalProperties: false },
          ),
          resources: Type.Optional(
            Type.Array(ReportedResourceSchema, { maxItems: MAX_REPORTED_RESOURCES }),
          ),
          resourcesOmitted: Type.Optional(Type.Integer({ minimum: 0 })),
        },
        { additionalProperties: false },
      ),
    ),
    factsCommit: Type.Optional(Type.String({ pattern: '^[a-f0-9]{40,64}$' })),
    outputs: Type.Optional(
      Type.Array(Type.String({ pattern: VARIABLE_NAME_PATTERN }), { maxItems: 500 }),
    ),
    error: Type.Optional(Type.String({ maxLength: 4000, pattern: MULTILINE_TEXT_PATTERN })),
  },
  { additionalProperties: false },
);

export type RunReport = Static<typeof RunReportSchema>;
export type ReportedResource = Static<typeof ReportedResourceSchema>;
