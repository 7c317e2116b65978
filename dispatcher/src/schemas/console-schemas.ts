/**
 * Schemas of the console's routes (dispatcher/src/console/): members who may sign in with GitHub,
 * the audit chain's verdict, and the live-events stream.
 */
import { Type, type Static } from '@sinclair/typebox';
import { MEMBER_KINDS } from '../console/console-members.js';
import { ROLES } from '../store/records.js';
import { described, strict } from './common.js';

const GITHUB_NAME = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})';

export const MemberBody = Type.Object(
  {
    kind: Type.Union(
      MEMBER_KINDS.map((k) => Type.Literal(k)),
      { description: "'user' (a login), 'org' (every member) or 'team' ('org/team-slug')" },
    ),
    name: Type.String({
      pattern: `^${GITHUB_NAME}(?:/[a-z0-9][a-z0-9_-]{0,99})?$`,
      description: "A GitHub login or organisation, or 'org/team-slug' for a team",
      examples: ['octocat'],
    }),
    role: Type.Union(ROLES.map((r) => Type.Literal(r))),
  },
  strict,
);
export type MemberBody = Static<typeof MemberBody>;

export const MemberView = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  role: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const MemberList = Type.Object({ members: Type.Array(MemberView) });

export const MemberId = Type.Object({ id: Type.String({ pattern: '^mem_[0-9a-f]{20}$' }) }, strict);

export const MemberRemoved = Type.Null({ description: 'Removed' });

/** GET /v1/audit/verification: what `grape audit verify` says of the chain. */
export const AuditVerification = Type.Object({
  ok: Type.Boolean(),
  events: Type.Integer(),
  lastSeq: Type.Optional(Type.Integer()),
  keyed: Type.Boolean({ description: 'MACs were checked with the audit key' }),
  anchored: Type.Boolean({ description: 'The head matched the anchor kept outside the database' }),
  brokenAt: Type.Optional(Type.Integer()),
  reason: Type.Optional(Type.String()),
  warnings: Type.Array(Type.String()),
});

/** GET /v1/events: a text/event-stream, described rather than validated. */
export const EventStream = described(
  'A stream of `event: deployment` / `event: resync` messages (text/event-stream)',
  Type.String(),
);
