/**
 * POST /v1/control/:operation — the running server performs an operator command for the `grape`
 * CLI on this machine, so an embedded (PGlite) database keeps one writer. Answered only to a
 * caller on the same machine (loopback, or the server's own address) holding this start's control
 * credential, which the server wrote owner-only into its data directory's lock file
 * (admin/data-dir-lock.ts): whoever can read that file could open the database anyway. Not part
 * of the public API (hidden from /openapi.json).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiInstance } from '../http/api-instance.js';
import { Value } from '@sinclair/typebox/value';
import {
  ADMIN_ARGS,
  AdminError,
  runAdminOperation,
  type AdminDeps,
  type AdminOperation,
} from '../admin/admin-operations.js';
import { HttpError } from '../http/http-error.js';
import { ControlParams } from '../schemas/control-schemas.js';
import type { Store } from '../store/store.js';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
const ACTOR = /^cli:[\w.@-]{1,64}$/;

const sameMachine = (remote: string | undefined, local: string | undefined): boolean =>
  remote !== undefined && (remote === '::1' || /^(::ffff:)?127\./.test(remote) || remote === local);

export function controlRoutes(
  app: ApiInstance,
  store: Store,
  controlToken: string,
  deps: AdminDeps,
): void {
  const expected = digest(controlToken);
  app.post(
    '/v1/control/:operation',
    { schema: { hide: true, params: ControlParams } },
    async (request) => {
      if (!sameMachine(request.socket.remoteAddress, request.socket.localAddress))
        throw new HttpError(403, 'forbidden', 'The control route answers only on this machine.');
      const given = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
      if (given === undefined || !timingSafeEqual(digest(given), expected))
        throw new HttpError(
          401,
          'unauthenticated',
          "The control credential is missing or not this server's: the grape CLI reads it from the data directory's lock file.",
        );
      const operation = request.params.operation;
      if (!Object.hasOwn(ADMIN_ARGS, operation))
        throw new HttpError(404, 'not_found', `No control operation '${operation}'.`);
      const body = (request.body ?? {}) as { actor?: unknown; args?: unknown };
      if (typeof body.actor !== 'string' || !ACTOR.test(body.actor))
        throw new HttpError(
          422,
          'invalid_request',
          "actor: must be 'cli:<user>', e.g. 'cli:alice'.",
        );
      const schema = ADMIN_ARGS[operation as AdminOperation];
      const error = [...Value.Errors(schema, body.args)][0];
      if (error)
        throw new HttpError(
          422,
          'invalid_request',
          `args${error.path.replace(/\//g, '.')}: ${error.message}.`,
        );
      try {
        const result = await runAdminOperation(
          store,
          operation as AdminOperation,
          body.args as never,
          { actor: body.actor, sourceIp: request.ip, requestId: request.id },
          deps,
        );
        return { result };
      } catch (failure) {
        if (failure instanceof AdminError) throw new HttpError(409, 'refused', failure.message);
        throw failure;
      }
    },
  );
}
