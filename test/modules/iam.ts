/**
 * Trust policy evaluation with @cloud-copilot/iam-simulate (a devDependency: AGPL, tests only).
 *
 * The caller is given an identity policy allowing sts:*, so the answer is the trust policy's
 * (the resource policy of the role). AssumeRoleWithWebIdentity goes through runUnsafeSimulation:
 * the strict runner drops condition keys its action catalogue does not list for the action, and
 * GitHub's `token.actions.githubusercontent.com:*` keys are not in it. (The unsafe runner also
 * needs the trust policy pre-validated with a name: it reads the policy's metadata.)
 */
import { createValidatedPolicy, validateTrustPolicy } from '@cloud-copilot/iam-policy';
import { runSimulation, runUnsafeSimulation, type Simulation } from '@cloud-copilot/iam-simulate';

export const ROLE_ACCOUNT = '444455556666';
export const ROLE_ARN = `arn:aws:iam::${ROLE_ACCOUNT}:role/grape/grape-deploy`;

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

function simulation(
  trustPolicy: unknown,
  principal: string,
  action: string,
  context: Record<string, string>,
): Simulation {
  return {
    request: {
      principal,
      action,
      resource: { resource: ROLE_ARN, accountId: ROLE_ACCOUNT },
      contextVariables: context,
    },
    identityPolicies: [
      {
        name: 'caller',
        policy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sts:*', Resource: '*' }],
        },
      },
    ],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: trustPolicy,
  };
}

/** The decision for a principal calling sts:AssumeRole / TagSession / SetSourceIdentity. */
export async function decide(
  trustPolicy: unknown,
  principal: string,
  action: string,
  context: Record<string, string> = {},
): Promise<Decision> {
  const result = await runSimulation(simulation(trustPolicy, principal, action, context), {});
  if (result.resultType === 'error')
    throw new Error(`simulation failed: ${JSON.stringify(result.errors)}`);
  const ignored = result.resultType === 'single' ? (result.result.ignoredContextKeys ?? []) : [];
  if (ignored.length > 0)
    throw new Error(`the simulator ignored context keys ${ignored.join(', ')}`);
  return result.overallResult as Decision;
}

/** Syntax problems of a trust policy, per @cloud-copilot/iam-policy (empty when valid). */
export function trustPolicyErrors(trustPolicy: unknown): string[] {
  return validateTrustPolicy(trustPolicy).map((e) => `${e.path}: ${e.message}`);
}

/** The decision for AssumeRoleWithWebIdentity from an OIDC provider with the given claims. */
export function decideWebIdentity(
  trustPolicy: unknown,
  providerArn: string,
  claims: Record<string, string>,
): Decision {
  const errors = trustPolicyErrors(trustPolicy);
  if (errors.length > 0) throw new Error(`invalid trust policy: ${errors.join('; ')}`);
  const request = simulation(trustPolicy, providerArn, 'sts:AssumeRoleWithWebIdentity', claims);
  request.resourcePolicy = createValidatedPolicy(trustPolicy, validateTrustPolicy, {
    name: 'trust-policy',
  });
  return runUnsafeSimulation(request, {}) as Decision;
}
