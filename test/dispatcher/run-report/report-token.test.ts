/**
 * Report tokens: signed by the issuer is not enough. `exp` and `iat` must be present, `iat` may not
 * be in the future (beyond the clock tolerance) nor older than the maximum age.
 */
import {
  CLOCK_TOLERANCE_SECONDS,
  MAX_TOKEN_AGE_SECONDS,
  createReportVerifier,
  type ReportVerifier,
} from '../../../dispatcher/src/run-report/verify-report-token.js';
import { startOidcIssuer, type OidcIssuer } from '../../harness/oidc-issuer.js';

const AUDIENCE = 'https://grape.test';
let issuer: OidcIssuer;
let verify: ReportVerifier;
const claims = { repository: 'acme/grape-runner', run_id: '42', aud: AUDIENCE };

beforeAll(async () => {
  issuer = await startOidcIssuer();
  verify = createReportVerifier(
    { issuer: issuer.issuer, jwksUrl: issuer.jwksUrl, audience: AUDIENCE },
    () => new Date(),
  );
});
afterAll(() => issuer.close());

describe('report token claims', () => {
  it('accepts a fresh token with exp and iat', async () => {
    await expect(verify(await issuer.sign(claims))).resolves.toMatchObject({ run_id: '42' });
  });

  it('refuses a token without exp', async () => {
    const token = await issuer.sign(claims, { omit: ['exp'] });
    await expect(verify(token)).rejects.toThrow(/"exp" claim/);
  });

  it('refuses a token without iat', async () => {
    const token = await issuer.sign(claims, { omit: ['iat'] });
    await expect(verify(token)).rejects.toThrow(/"iat" claim/);
  });

  it('refuses a token issued in the future beyond the clock tolerance', async () => {
    const token = await issuer.sign(claims, {
      issuedAtOffsetSeconds: CLOCK_TOLERANCE_SECONDS + 600,
      expiresInSeconds: 3000,
    });
    await expect(verify(token)).rejects.toThrow(/"iat" claim timestamp check failed/);
  });

  it('accepts iat a few seconds ahead (within the tolerance)', async () => {
    const token = await issuer.sign(claims, { issuedAtOffsetSeconds: 5 });
    await expect(verify(token)).resolves.toMatchObject({ run_id: '42' });
  });

  it('refuses a token older than the maximum age even if it has not expired', async () => {
    const token = await issuer.sign(claims, {
      issuedAtOffsetSeconds: -(MAX_TOKEN_AGE_SECONDS + 600),
      expiresInSeconds: 86_400,
    });
    await expect(verify(token)).rejects.toThrow(/too far in the past/);
  });
});
