/** Turns an STS failure into a message that says which hop failed, why, and what to change. */
import { GrapeError, errorMessage } from '../errors.js';

export type Hop =
  | {
      readonly kind: 'web-identity';
      readonly roleArn: string;
      readonly claims: string;
      readonly audience: string;
    }
  | {
      readonly kind: 'chained';
      readonly roleArn: string;
      readonly fromArn: string;
      readonly sessionTags: boolean;
    }
  | { readonly kind: 'caller'; readonly roleArn?: undefined };

/** The STS error code: the SDK names modelled errors `<Code>Exception` (InvalidIdentityTokenException). */
export function stsErrorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'name' in error) {
    const name = String((error as { name: unknown }).name);
    return name === 'ExpiredTokenException' ? name : name.replace(/Exception$/, '');
  }
  return 'Error';
}

export function explainStsError(error: unknown, hop: Hop): GrapeError {
  const name = stsErrorCode(error);
  const detail = `${name}: ${errorMessage(error)}`;
  if (hop.kind === 'web-identity') {
    const prefix = `Could not assume role ${hop.roleArn} with the GitHub OIDC token (AssumeRoleWithWebIdentity): ${detail}`;
    if (name === 'AccessDenied') {
      return new GrapeError(
        `${prefix}\nThe role's trust policy did not accept this token. Its claims: ${hop.claims}.\n` +
          `Make the trust policy's conditions match them: 'token.actions.githubusercontent.com:sub' must match the sub above ` +
          `and ':aud' must be '${hop.audience}' (see modules/github-oidc-role). Also check that the role ARN is spelled right.`,
        { cause: error },
      );
    }
    if (name === 'InvalidIdentityToken') {
      return new GrapeError(
        `${prefix}\nAWS could not validate the token: the account needs an IAM OIDC identity provider for ` +
          `https://token.actions.githubusercontent.com whose audience list contains '${hop.audience}' (see modules/github-oidc-role). Token claims: ${hop.claims}.`,
        { cause: error },
      );
    }
    if (name === 'ExpiredTokenException') {
      return new GrapeError(
        `${prefix}\nThe OIDC token expired before STS saw it; re-run the job (tokens live a few minutes).`,
        { cause: error },
      );
    }
    if (name === 'ValidationError') {
      return new GrapeError(
        `${prefix}\nSTS rejected a parameter; check role-arn, role-session-name and role-duration-seconds (the role's maximum session duration may be lower).`,
        { cause: error },
      );
    }
    return new GrapeError(
      `${prefix}\nCheck that aws-region is right and that STS is reachable from the runner.`,
      { cause: error },
    );
  }
  if (hop.kind === 'chained') {
    const prefix = `Could not assume the customer role ${hop.roleArn} from ${hop.fromArn} (AssumeRole): ${detail}`;
    if (name === 'AccessDenied') {
      const tagHint = hop.sessionTags
        ? " or the trust policy does not allow sts:TagSession / sts:SetSourceIdentity (set 'session-tags: false' to send no tags)"
        : '';
      return new GrapeError(
        `${prefix}\nThe customer role's trust policy refused. Most often the ExternalId does not match the one in its ` +
          `condition 'sts:ExternalId' (check 'external-id' against the value shown at onboarding), the role does not trust ` +
          `${hop.fromArn.replace(/:assumed-role\/([^/]+)\/.*/, ':role/$1').replace(':sts:', ':iam:')}${tagHint}. See modules/grape-bootstrap.`,
        { cause: error },
      );
    }
    if (name === 'ValidationError') {
      return new GrapeError(
        `${prefix}\nSTS rejected a parameter; role chaining allows at most 3600 seconds, and the role's maximum session duration may be lower.`,
        { cause: error },
      );
    }
    return new GrapeError(prefix, { cause: error });
  }
  return new GrapeError(
    `Could not read the AWS identity of the credentials (GetCallerIdentity): ${detail}\n` +
      "Without 'role-arn' the action uses the ambient AWS credentials (environment, shared config, instance role); make sure some are available, or set 'role-arn' to use GitHub OIDC.",
    { cause: error },
  );
}
