/**
 * The parts of GitHub's `workflow_run` / `workflow_job` payloads the dispatcher reads, type-checked
 * before use: a signed delivery is trusted to come from GitHub, not to have the shape we expect
 * (`workflow_run.id` as a string, or 1e20, would reach the database as garbage). Field names and
 * types follow GitHub's webhook schema (@octokit/openapi-webhooks-types: `webhook-workflow-run-*`,
 * `webhook-workflow-job-*`); other fields pass through unread.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { TEXT_PATTERN } from '../../../contract/text-pattern.js';
import type { Problem } from '../http/http-error.js';

const open = { additionalProperties: true } as const;
/** A run id: a positive integer JavaScript and PostgreSQL's bigint both hold exactly. */
const RunId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const Text = Type.String({ maxLength: 4096, pattern: TEXT_PATTERN });
const NullableText = Type.Union([Text, Type.Null()]);

const Repository = Type.Object({ full_name: Text, html_url: Type.Optional(Text) }, open);

export const WorkflowRunPayload = Type.Object(
  {
    action: Type.Optional(Text),
    repository: Repository,
    workflow_run: Type.Object(
      {
        id: RunId,
        html_url: Text,
        status: NullableText,
        conclusion: NullableText,
        display_title: Type.Optional(Text),
        name: Type.Optional(NullableText),
        event: Type.Optional(Text),
      },
      open,
    ),
  },
  open,
);

export const WorkflowJobPayload = Type.Object(
  {
    action: Type.Optional(Text),
    repository: Repository,
    workflow_job: Type.Object(
      {
        run_id: RunId,
        status: Text,
        name: Type.Optional(Text),
        workflow_name: Type.Optional(NullableText),
      },
      open,
    ),
  },
  open,
);

export type WorkflowEventPayload =
  | ({ kind: 'workflow_run' } & Static<typeof WorkflowRunPayload>)
  | ({ kind: 'workflow_job' } & Static<typeof WorkflowJobPayload>)
  | { kind: 'other' };

/**
 * The typed payload, or the problems that make it unusable (each naming its field). Events the
 * dispatcher does not act on are `other`, unread.
 */
export function parseWorkflowEvent(
  event: string,
  payload: unknown,
): { ok: true; value: WorkflowEventPayload } | { ok: false; problems: Problem[] } {
  const schema =
    event === 'workflow_run'
      ? WorkflowRunPayload
      : event === 'workflow_job'
        ? WorkflowJobPayload
        : undefined;
  if (!schema) return { ok: true, value: { kind: 'other' } };
  if (Value.Check(schema, payload))
    return {
      ok: true,
      value: { kind: event, ...(payload as object) } as WorkflowEventPayload,
    };
  const problems = [...Value.Errors(schema, payload)].slice(0, 10).map((e) => ({
    field: `body${e.path.replace(/\//g, '.')}`,
    problem: e.message.toLowerCase(),
  }));
  return { ok: false, problems };
}
