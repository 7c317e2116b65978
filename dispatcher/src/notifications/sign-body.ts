/**
 * The signature a receiver checks: `X-Grape-Signature-256: sha256=<hex HMAC-SHA256 of the raw
 * body with the hook's secret>`, the scheme GitHub's webhooks use (X-Hub-Signature-256), so the
 * same verification code works; `X-Grape-Timestamp` is inside the signed body too (`sentAt`).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-grape-signature-256';

export const signBody = (secret: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** For receivers (and tests): constant-time comparison. */
export function verifyBody(secret: string, body: string, signature: string): boolean {
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
