/** Schemas of GET /v1/audit: the page query and the hash-chained events it lists. */
import { Type } from '@sinclair/typebox';
import { Cursor, Limit, strict } from './common.js';

export const AuditQuery = Type.Object(
  { cursor: Type.Optional(Cursor), limit: Type.Optional(Limit) },
  strict,
);

export const AuditEventView = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String(),
  action: Type.String(),
  objectType: Type.String(),
  objectId: Type.String(),
  sourceIp: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
  hash: Type.String(),
  prevHash: Type.String(),
});

export const AuditEventList = Type.Object({
  items: Type.Array(AuditEventView),
  next: Type.Union([Type.String(), Type.Null()]),
});
