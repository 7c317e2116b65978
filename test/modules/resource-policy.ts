/**
 * Resource-policy evaluation (a KMS key policy, a secret's resource policy) with
 * @cloud-copilot/iam-simulate, alongside the caller's own identity policy: the simulator applies
 * each service's rules (KMS trusts IAM policies only when the key policy delegates to the
 * account; Secrets Manager in the same account accepts either side), so "only the named roles"
 * can be asserted against a caller whose identity policy allows everything.
 */
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import type { Decision } from './iam.js';

export interface ResourceRequest {
  /** The calling role's ARN. */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly resourceAccount: string;
  readonly resourcePolicy: unknown;
  /** The caller's identity policy; none when absent. */
  readonly identityPolicy?: unknown;
  readonly context?: Record<string, string>;
}

/** An identity policy allowing every action on every resource: only resource policies can stop it. */
export const ALLOW_ALL = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

export async function decideOnResource(request: ResourceRequest): Promise<Decision> {
  const simulation: Simulation = {
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.resourceAccount },
      contextVariables: request.context ?? {},
    },
    identityPolicies: request.identityPolicy
      ? [{ name: 'caller', policy: request.identityPolicy }]
      : [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: request.resourcePolicy,
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error')
    throw new Error(`simulation failed: ${JSON.stringify(result.errors)}`);
  const ignored = result.resultType === 'single' ? (result.result.ignoredContextKeys ?? []) : [];
  if (ignored.length > 0)
    throw new Error(`the simulator ignored context keys ${ignored.join(', ')}`);
  return result.overallResult as Decision;
}
