/** The identity step's configuration, parsed from the action inputs. */
import { type InputReader } from '../inputs/input-reader.js';
import {
  ACCOUNT_ID,
  EXTERNAL_ID,
  STS_NAME,
  isRegion,
  parseRoleArn,
  roleArnProblem,
  sanitizeStsName,
  suggestRegion,
  type RoleArn,
} from './aws-names.js';

/** The customer role reached with a second hop (AssumeRole + ExternalId). */
export interface ChainedRole {
  readonly role: RoleArn;
  readonly externalId: string;
  /** Pass session tags and SourceIdentity (needs sts:TagSession / sts:SetSourceIdentity). */
  readonly sessionTags: boolean;
}

interface IdentityCommon {
  readonly region: string | undefined;
  readonly sessionName: string;
  readonly durationSeconds: number;
  readonly allowedAccountIds: readonly string[];
  readonly chain: ChainedRole | undefined;
}

/** `oidc`: GitHub OIDC token → AssumeRoleWithWebIdentity. `ambient`: the SDK's default chain. */
export type IdentityConfig =
  | (IdentityCommon & {
      readonly mode: 'oidc';
      readonly role: RoleArn;
      readonly audience: string;
      readonly region: string;
    })
  | (IdentityCommon & { readonly mode: 'ambient' });

export const MAX_CHAINED_SECONDS = 3600;

const ROLE_EXAMPLE = "Use an IAM role ARN such as 'arn:aws:iam::123456789012:role/grape-deploy'.";

export function readIdentityConfig(inputs: InputReader, deploymentId: string): IdentityConfig {
  const roleArnValue = inputs.string('role-arn');
  const targetArnValue = inputs.string('target-role-arn');
  const externalId = inputs.string('external-id');
  const regionValue = inputs.string('aws-region');

  const role = roleArnValue === undefined ? undefined : readRole(inputs, 'role-arn', roleArnValue);
  const target =
    targetArnValue === undefined ? undefined : readRole(inputs, 'target-role-arn', targetArnValue);

  if (externalId !== undefined && targetArnValue === undefined) {
    inputs.failCombination(
      'external-id',
      "Input 'external-id' is set but 'target-role-arn' is not: the ExternalId is only sent when assuming the customer role. Set 'target-role-arn' to the customer's role, or remove 'external-id'.",
    );
  }
  if (targetArnValue !== undefined && externalId === undefined) {
    inputs.failCombination(
      'target-role-arn',
      "Input 'target-role-arn' is set but 'external-id' is not: Grape always assumes a customer role with its ExternalId (the confused-deputy guard). Set 'external-id' to the value in the role's trust policy (condition sts:ExternalId).",
    );
  }
  if (externalId !== undefined && !EXTERNAL_ID.test(externalId)) {
    inputs.fail(
      'external-id',
      undefined,
      'not a valid ExternalId',
      'Use 2-1224 characters of letters, digits and +=,.@:/-_ (the value from the trust policy).',
    );
  }

  let region: string | undefined;
  if (regionValue !== undefined) {
    if (isRegion(regionValue)) region = regionValue;
    else {
      const suggestion = suggestRegion(regionValue);
      inputs.fail(
        'aws-region',
        regionValue,
        'not an AWS region code',
        suggestion
          ? `Did you mean '${suggestion}'?`
          : "Use a region code such as 'us-east-1' or 'eu-west-1'.",
      );
    }
  } else if (roleArnValue !== undefined || targetArnValue !== undefined) {
    inputs.failCombination(
      'aws-region',
      "Input 'aws-region' is required when 'role-arn' or 'target-role-arn' is set. Add e.g. `aws-region: us-east-1`.",
    );
  }

  const audience = inputs.string('audience') ?? 'sts.amazonaws.com';
  const sessionNameValue = inputs.string('role-session-name');
  if (sessionNameValue !== undefined && !STS_NAME.test(sessionNameValue)) {
    inputs.fail(
      'role-session-name',
      sessionNameValue,
      'not a valid STS session name',
      "Use 2-64 characters of letters, digits and +=,.@_- such as 'grape-deploy'.",
    );
  }
  const sessionName =
    sessionNameValue !== undefined && STS_NAME.test(sessionNameValue)
      ? sessionNameValue
      : sanitizeStsName(`grape-${deploymentId}`);

  const durationSeconds = inputs.int('role-duration-seconds', { min: 900, max: 43200 }, 3600);
  if (target !== undefined && durationSeconds > MAX_CHAINED_SECONDS) {
    inputs.fail(
      'role-duration-seconds',
      String(durationSeconds),
      `too long for a chained role`,
      `AWS limits role chaining to ${MAX_CHAINED_SECONDS} seconds; use at most '3600' with 'target-role-arn'.`,
    );
  }

  const allowedAccountIds = inputs.list('allowed-account-ids');
  for (const id of allowedAccountIds) {
    if (!ACCOUNT_ID.test(id))
      inputs.fail(
        'allowed-account-ids',
        id,
        'not a 12-digit AWS account id',
        "List account ids such as '123456789012', separated by commas or newlines.",
      );
  }
  const sessionTags = inputs.bool('session-tags', true);

  const chain: ChainedRole | undefined =
    target && externalId !== undefined ? { role: target, externalId, sessionTags } : undefined;
  const common = { sessionName, durationSeconds, allowedAccountIds, chain };
  if (role !== undefined && region !== undefined)
    return { mode: 'oidc', role, audience, region, ...common };
  return { mode: 'ambient', region, ...common };
}

function readRole(inputs: InputReader, name: string, value: string): RoleArn | undefined {
  const role = parseRoleArn(value);
  if (!role) inputs.fail(name, value, roleArnProblem(value), ROLE_EXAMPLE);
  return role;
}
