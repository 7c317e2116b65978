/**
 * The only file that constructs AWS STS clients. The SDK's standard configuration applies, so
 * `AWS_ENDPOINT_URL_STS`, `AWS_USE_FIPS_ENDPOINT` and regional endpoints work as users
 * expect. SDK retries are off: the identity step's own policy (retry-sts.ts) decides.
 */
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient,
  type Credentials,
} from '@aws-sdk/client-sts';
import { awsProxyOptions } from '../runner/proxy-agent.js';

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string | undefined;
  readonly expiration: Date | undefined;
}

export interface AssumedSession {
  readonly credentials: AwsCredentials;
  /** ARN of the assumed-role session, e.g. arn:aws:sts::123456789012:assumed-role/r/s */
  readonly arn: string;
}

export interface WebIdentityRequest {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly durationSeconds: number;
  readonly webIdentityToken: string;
}

export interface AssumeRoleRequest {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly durationSeconds: number;
  readonly externalId: string;
  readonly tags: ReadonlyArray<{ readonly key: string; readonly value: string }>;
  readonly sourceIdentity: string | undefined;
}

export interface StsGateway {
  assumeRoleWithWebIdentity(request: WebIdentityRequest): Promise<AssumedSession>;
  assumeRole(request: AssumeRoleRequest, as: AwsCredentials | undefined): Promise<AssumedSession>;
  /** Account id of the given credentials (or of the ambient chain when undefined). */
  getCallerAccount(as: AwsCredentials | undefined): Promise<{ accountId: string; arn: string }>;
}

export function createStsGateway(region: string | undefined): StsGateway {
  // The SDK ignores HTTP(S)_PROXY: the runner's proxy settings are applied here.
  const proxy = awsProxyOptions(process.env);
  const client = (credentials?: AwsCredentials): STSClient =>
    new STSClient({
      ...(region === undefined ? {} : { region }),
      ...proxy,
      maxAttempts: 1,
      ...(credentials === undefined
        ? {}
        : {
            credentials: {
              accessKeyId: credentials.accessKeyId,
              secretAccessKey: credentials.secretAccessKey,
              ...(credentials.sessionToken === undefined
                ? {}
                : { sessionToken: credentials.sessionToken }),
            },
          }),
    });
  return {
    async assumeRoleWithWebIdentity(request) {
      const response = await client().send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: request.roleArn,
          RoleSessionName: request.sessionName,
          DurationSeconds: request.durationSeconds,
          WebIdentityToken: request.webIdentityToken,
        }),
      );
      return session(response.Credentials, response.AssumedRoleUser?.Arn);
    },
    async assumeRole(request, as) {
      const response = await client(as).send(
        new AssumeRoleCommand({
          RoleArn: request.roleArn,
          RoleSessionName: request.sessionName,
          DurationSeconds: request.durationSeconds,
          ExternalId: request.externalId,
          ...(request.tags.length === 0
            ? {}
            : { Tags: request.tags.map((t) => ({ Key: t.key, Value: t.value })) }),
          ...(request.sourceIdentity === undefined
            ? {}
            : { SourceIdentity: request.sourceIdentity }),
        }),
      );
      return session(response.Credentials, response.AssumedRoleUser?.Arn);
    },
    async getCallerAccount(as) {
      const response = await client(as).send(new GetCallerIdentityCommand({}));
      if (!response.Account || !response.Arn)
        throw new Error('STS GetCallerIdentity returned no account');
      return { accountId: response.Account, arn: response.Arn };
    },
  };
}

function session(credentials: Credentials | undefined, arn: string | undefined): AssumedSession {
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !arn) {
    throw new Error('STS returned a response without credentials');
  }
  return {
    credentials: {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      sessionToken: credentials.SessionToken,
      expiration: credentials.Expiration,
    },
    arn,
  };
}
