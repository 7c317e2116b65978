/**
 * The zero-key identity step: GitHub OIDC token → AssumeRoleWithWebIdentity → (optionally)
 * AssumeRole into the customer's role with its ExternalId. Every credential is masked the moment
 * it exists. Returns the final session; exporting it is export-credentials.ts's job.
 */
import { GrapeError } from '../errors.js';
import type { ActionsIO } from '../runner/actions-io.js';
import { sanitizeStsName, sanitizeTagValue } from '../config/aws-names.js';
import { explainStsError } from './explain-sts-error.js';
import type { IdentityConfig } from '../config/identity-config.js';
import { getOidcToken } from './oidc-token.js';
import type { RetryPolicy } from '../lib/retry.js';
import { withStsRetry } from './retry-sts.js';
import type { AwsCredentials, StsGateway } from './sts-gateway.js';
import { describeTokenClaims } from './token-claims.js';

export interface AwsSession {
  /** Undefined in ambient mode without a chained role: the SDK's default chain is used as is. */
  readonly credentials: AwsCredentials | undefined;
  readonly accountId: string | undefined;
  readonly arn: string | undefined;
  readonly region: string | undefined;
}

export interface IdentityDeps {
  readonly io: ActionsIO;
  readonly env: NodeJS.ProcessEnv;
  readonly sts: StsGateway;
  readonly deploymentId: string;
  readonly actor: string | undefined;
  readonly retryPolicy?: RetryPolicy;
}

/** Seconds the first hop lives when it only serves to make the chained call. */
const FIRST_HOP_SECONDS_WHEN_CHAINING = 900;

export async function obtainCredentials(
  config: IdentityConfig,
  deps: IdentityDeps,
): Promise<AwsSession> {
  const { io, sts } = deps;
  const retry = <T>(call: () => Promise<T>): Promise<T> =>
    withStsRetry(call, (m) => io.info(m), deps.retryPolicy);
  const maskCredentials = (credentials: AwsCredentials): void => {
    io.setSecret(credentials.accessKeyId);
    io.setSecret(credentials.secretAccessKey);
    if (credentials.sessionToken) io.setSecret(credentials.sessionToken);
  };

  let current: { credentials: AwsCredentials; arn: string } | undefined;
  if (config.mode === 'oidc') {
    const token = await getOidcToken(io, deps.env, config.audience);
    const hop = {
      kind: 'web-identity',
      roleArn: config.role.arn,
      claims: describeTokenClaims(token),
      audience: config.audience,
    } as const;
    try {
      current = await retry(() =>
        sts.assumeRoleWithWebIdentity({
          roleArn: config.role.arn,
          sessionName: config.sessionName,
          durationSeconds: config.chain ? FIRST_HOP_SECONDS_WHEN_CHAINING : config.durationSeconds,
          webIdentityToken: token,
        }),
      );
    } catch (error) {
      throw explainStsError(error, hop);
    }
    maskCredentials(current.credentials);
    io.info(
      `Assumed ${config.role.arn} with the GitHub OIDC token (session ${config.sessionName}).`,
    );
  }

  if (config.chain) {
    const chain = config.chain;
    const from = current?.arn ?? (await callerArn(deps, retry));
    const tags = chain.sessionTags
      ? [
          { key: 'grape:deployment-id', value: sanitizeTagValue(deps.deploymentId) },
          ...(deps.actor ? [{ key: 'grape:actor', value: sanitizeTagValue(deps.actor) }] : []),
        ]
      : [];
    try {
      current = await retry(() =>
        sts.assumeRole(
          {
            roleArn: chain.role.arn,
            sessionName: config.sessionName,
            durationSeconds: config.durationSeconds,
            externalId: chain.externalId,
            tags,
            sourceIdentity:
              chain.sessionTags && deps.actor ? sanitizeStsName(deps.actor) : undefined,
          },
          current?.credentials,
        ),
      );
    } catch (error) {
      throw explainStsError(error, {
        kind: 'chained',
        roleArn: chain.role.arn,
        fromArn: from,
        sessionTags: chain.sessionTags,
      });
    }
    maskCredentials(current.credentials);
    io.info(`Assumed the customer role ${chain.role.arn} with its ExternalId.`);
  }

  let accountId = current ? accountOf(current.arn) : undefined;
  let arn = current?.arn;
  if (!current && config.allowedAccountIds.length > 0) {
    const caller = await retry(() => sts.getCallerAccount(undefined)).catch((error: unknown) => {
      throw explainStsError(error, { kind: 'caller' });
    });
    accountId = caller.accountId;
    arn = caller.arn;
  }
  if (
    config.allowedAccountIds.length > 0 &&
    (accountId === undefined || !config.allowedAccountIds.includes(accountId))
  ) {
    throw new GrapeError(
      `The AWS credentials are for account ${accountId ?? '(unknown)'}, which is not in allowed-account-ids (${config.allowedAccountIds.join(', ')}). ` +
        'Check role-arn / target-role-arn, or add the account to allowed-account-ids if it is the right one.',
    );
  }
  return { credentials: current?.credentials, accountId, arn, region: config.region };
}

async function callerArn(
  deps: IdentityDeps,
  retry: <T>(call: () => Promise<T>) => Promise<T>,
): Promise<string> {
  try {
    return (await retry(() => deps.sts.getCallerAccount(undefined))).arn;
  } catch (error) {
    throw explainStsError(error, { kind: 'caller' });
  }
}

/** arn:aws:sts::123456789012:assumed-role/name/session → 123456789012 */
export function accountOf(arn: string): string | undefined {
  return /^arn:[\w-]+:(?:sts|iam)::(\d{12}):/.exec(arn)?.[1];
}
