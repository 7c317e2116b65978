/** Deployment request and response bodies. */
import { Type, type Static } from '@sinclair/typebox';
import { SpecVariables } from '../../../contract/deployment-spec.js';
import { ReportedResourceSchema } from '../../../contract/run-report.js';
import { STATUSES } from '../store/records.js';
import { Cursor, DateTime, Environment, GitRef, Limit, Slug, strict, Text } from './common.js';

export const Operation = Type.Union(
  [Type.Literal('plan'), Type.Literal('apply'), Type.Literal('destroy')],
  { description: 'What the run does' },
);
export const Status = Type.Union(STATUSES.map((s) => Type.Literal(s)));
export const Drift = Type.Union([Type.Literal('in-sync'), Type.Literal('drifted')], {
  description: "A drift check's outcome: 'drifted' when its plan has changes",
});

export const CreateDeploymentBody = Type.Object(
  {
    project: Type.String({
      pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
      description: 'Project id or name',
      examples: ['network'],
    }),
    environment: Environment,
    operation: Operation,
    ref: Type.Optional(GitRef),
    variables: Type.Optional(SpecVariables),
  },
  strict,
);
export type CreateDeploymentBody = Static<typeof CreateDeploymentBody>;

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      pattern: '^[\\x21-\\x7e]{1,255}$',
      description:
        'Any unique string; a retry with the same key and body returns the same deployment',
      examples: ['6f1c3a52-deploy-42'],
    }),
  ),
});

export const DeploymentView = Type.Object({
  id: Type.String(),
  project: Type.Object({ id: Type.String(), name: Type.String() }),
  environment: Type.String(),
  operation: Operation,
  status: Status,
  statusReason: Type.Union([Type.String(), Type.Null()]),
  queuePosition: Type.Union([Type.Integer(), Type.Null()], {
    description: '1 = next in its project/environment; null unless queued',
  }),
  ref: Type.String(),
  variables: SpecVariables,
  requestedBy: Type.String(),
  approves: Type.Union([Type.String(), Type.Null()], {
    description: 'The plan deployment this apply was approved from',
  }),
  plan: Type.Union([
    Type.Object({
      sha256: Type.String(),
      hasChanges: Type.Union([Type.Boolean(), Type.Null()]),
      summary: Type.Union([Type.Record(Type.String(), Type.Integer()), Type.Null()]),
      resources: Type.Union([Type.Array(ReportedResourceSchema), Type.Null()], {
        description: 'The changed resources the run reported (address and action), at most 200',
      }),
      resourcesOmitted: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
        description: 'How many changed resources the report left out of `resources`',
      }),
    }),
    Type.Null(),
  ]),
  driftCheck: Type.Boolean({
    description: 'A plan requested by a drift-check schedule (/v1/drift-schedules)',
  }),
  drift: Type.Union([Drift, Type.Null()], {
    description:
      "A drift check's outcome once its run reported; `plan.summary` counts the drifted resources",
  }),
  run: Type.Union([
    Type.Object({ id: Type.Integer(), url: Type.Union([Type.String(), Type.Null()]) }),
    Type.Null(),
  ]),
  factsCommit: Type.Union([Type.String(), Type.Null()]),
  outputs: Type.Union([Type.Array(Type.String()), Type.Null()]),
  createdAt: DateTime,
  updatedAt: DateTime,
  finishedAt: Type.Union([DateTime, Type.Null()]),
  links: Type.Record(Type.String(), Type.String()),
});
export type DeploymentView = Static<typeof DeploymentView>;

export const DeploymentListQuery = Type.Object(
  {
    project: Type.Optional(Slug),
    environment: Type.Optional(Environment),
    status: Type.Optional(Status),
    drift: Type.Optional(Drift),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Limit),
  },
  strict,
);
export type DeploymentListQuery = Static<typeof DeploymentListQuery>;

export const DeploymentList = Type.Object({
  items: Type.Array(DeploymentView),
  next: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass as `cursor` for the next page; null on the last',
  }),
});

export const CancelBody = Type.Union([
  Type.Object({ reason: Type.Optional(Text({ maxLength: 500 })) }, strict),
  Type.Null(),
]);

/** GET /v1/deployments/{id}/log: the run's log as the dispatcher holds it. */
export const DeploymentLog = Type.Object({
  deploymentId: Type.String(),
  complete: Type.Boolean({ description: 'false while the run may still write to it' }),
  log: Type.String({ description: "The run's output; empty before the run starts" }),
});
export type DeploymentLog = Static<typeof DeploymentLog>;
