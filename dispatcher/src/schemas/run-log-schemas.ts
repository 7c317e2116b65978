/** Schemas of run logs: reading and following a deployment's log, and a run appending to it. */
import { Type, type Static } from '@sinclair/typebox';
import { ID_PATTERN } from '../../../contract/deployment-spec.js';
import { MULTILINE_TEXT_PATTERN } from '../../../contract/text-pattern.js';
import { strict } from './common.js';

const Seq = Type.String({
  pattern: '^[0-9]{1,9}$',
  description: 'A chunk sequence number (chunks are numbered from 1)',
  examples: ['12'],
});

export const RunLogQuery = Type.Object(
  {
    after: Type.Optional(
      Type.Unsafe<string>({ ...Seq, description: 'Only chunks after this one (resume)' }),
    ),
    follow: Type.Optional(
      Type.Union([Type.Literal('true'), Type.Literal('false')], {
        description:
          'true: a text/event-stream of `log` events (id = sequence number, data = {"seq","text"}) and `progress` events (data = {"waiting"}: what the deployment waits for, null once it no longer waits) until the run ends, then one `end` event with the status (also chosen by Accept: text/event-stream)',
      }),
    ),
  },
  strict,
);
export type RunLogQuery = Static<typeof RunLogQuery>;

export const RunLogView = Type.Object({
  deploymentId: Type.String(),
  complete: Type.Boolean({ description: 'false while the run may still add to it' }),
  source: Type.Union(
    [Type.Literal('local'), Type.Literal('stream'), Type.Literal('github'), Type.Null()],
    {
      description:
        "Where the log came from: the local executor's run, the action's stream, GitHub's job log fetched after the run; null: nothing yet",
    },
  ),
  truncated: Type.Boolean({
    description:
      'the log passed GRAPE_LOG_MAX_BYTES: its start and its end are kept, and one line `[grape: … N bytes omitted …]` stands in for the middle',
  }),
  waiting: Type.Union([Type.String(), Type.Null()], {
    description:
      'What the deployment waits for, from its real state: the deployment ahead of it in its environment, GitHub accepting the dispatch, a runner (the run is queued on GitHub), an environment reviewer, an approval of the plan; null when nothing is waited for',
    examples: ['waiting for a runner: the run is queued on GitHub since 12:01:03 UTC'],
  }),
  lastSeq: Type.Integer({ description: 'The last chunk returned (pass as `after` to resume)' }),
  text: Type.String({ description: "The run's output, masked" }),
});
export type RunLogView = Static<typeof RunLogView>;

/** POST /v1/runs/log: one chunk of a run's log, sent by the action. */
export const RunLogChunk = Type.Object(
  {
    deploymentId: Type.String({ pattern: ID_PATTERN }),
    seq: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    // Lines of text: tab, LF and CR, no other control character (the action replaces them).
    text: Type.String({ maxLength: 64 * 1024, pattern: MULTILINE_TEXT_PATTERN }),
  },
  strict,
);
export type RunLogChunk = Static<typeof RunLogChunk>;

export const RunLogAck = Type.Object({
  deploymentId: Type.String(),
  result: Type.Union([Type.Literal('stored'), Type.Literal('duplicate'), Type.Literal('dropped')], {
    description:
      'dropped: not kept (only for a log cut by an earlier version of the dispatcher; a log past its bound now keeps its end, emptying its middle)',
  }),
  nextSeq: Type.Integer({ description: 'The sequence number the dispatcher expects next' }),
});
