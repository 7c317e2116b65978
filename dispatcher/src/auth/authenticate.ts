/**
 * Bearer-token authentication for the tenant API. A missing or unknown token is 401 with a
 * WWW-Authenticate header; the token itself never reaches a log (see the logger's redaction).
 */
import type { FastifyRequest } from 'fastify';
import { HttpError } from '../http/http-error.js';
import type { Store } from '../store/store.js';
import type { Principal } from './principal.js';

const challenge = { 'www-authenticate': 'Bearer realm="grape"' };

export function authenticate(store: Store) {
  return async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization;
    if (!header)
      throw new HttpError(
        401,
        'unauthenticated',
        "Missing 'Authorization: Bearer <token>' header. Create a token with `grape token create`.",
        [],
        challenge,
      );
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const token = match ? await store.tokens.findByToken(match[1]!) : undefined;
    if (!token)
      throw new HttpError(
        401,
        'unauthenticated',
        'The bearer token is not valid (unknown, revoked or malformed).',
        [],
        challenge,
      );
    (request as FastifyRequest & { principal?: Principal }).principal = token;
  };
}
