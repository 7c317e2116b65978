/** Identifiers and generated secrets. */
import { randomBytes } from 'node:crypto';

/** `dep_8c1f…`: a type prefix and 80 random bits in lower-case hex (valid in STS names and trailers). */
export const newId = (prefix: 'ten' | 'prj' | 'tok' | 'dep'): string =>
  `${prefix}_${randomBytes(10).toString('hex')}`;

/**
 * An ExternalId: 40 characters of base64url (240 random bits). Every character is in STS's
 * ExternalId charset (`[\w+=,.@:/-]`), and it is unguessable, which is the point of the
 * confused-deputy guard.
 */
export const newExternalId = (): string => randomBytes(30).toString('base64url');
