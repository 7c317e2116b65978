/** The OIDC issuer + STS pair most action tests start with, with Grape's usual roles defined. */
import { startOidcIssuer, type OidcIssuer } from './oidc-issuer.js';
import { startSts, type StsStandIn } from './sts.js';

export const RUNNER_ROLE = 'arn:aws:iam::111111111111:role/grape-runner';
export const CUSTOMER_ROLE = 'arn:aws:iam::222222222222:role/grape-deploy';
export const CUSTOMER_ROLE_NO_TAGS = 'arn:aws:iam::222222222222:role/grape-deploy-no-tags';
export const EXTERNAL_ID = 'grape-tenant-7f3a9c2e';
export const INSTANCE_ROLE_USER = 'arn:aws:iam::333333333333:user/self-hosted-runner';

export interface IdentityFixture {
  readonly issuer: OidcIssuer;
  readonly sts: StsStandIn;
  /** Environment a job with `id-token: write` gets, pointed at the stand-ins. */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

export async function startIdentityFixture(): Promise<IdentityFixture> {
  const issuer = await startOidcIssuer();
  const sts = await startSts();
  sts.defineRole({
    arn: RUNNER_ROLE,
    maxSessionDuration: 43200,
    webIdentity: {
      issuer: issuer.issuer,
      audiences: ['sts.amazonaws.com'],
      subPatterns: [
        'repo:acme/grape-runner:ref:refs/heads/main',
        'repo:acme/grape-runner:environment:*',
      ],
    },
  });
  for (const [arn, tags] of [
    [CUSTOMER_ROLE, true],
    [CUSTOMER_ROLE_NO_TAGS, false],
  ] as const) {
    sts.defineRole({
      arn,
      trustedPrincipals: [RUNNER_ROLE, INSTANCE_ROLE_USER],
      externalId: EXTERNAL_ID,
      allowTagSession: tags,
      allowSourceIdentity: tags,
    });
  }
  return {
    issuer,
    sts,
    env: {
      ACTIONS_ID_TOKEN_REQUEST_URL: issuer.requestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken,
      AWS_ENDPOINT_URL_STS: sts.url,
    },
    close: async () => {
      await Promise.all([issuer.close(), sts.close()]);
    },
  };
}
