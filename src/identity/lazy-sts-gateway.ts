/**
 * An STS gateway built on its first call: the AWS SDK (the largest thing the identity step loads,
 * docs/benchmarks.md) stays unloaded when a run needs no STS call — Google Cloud or Azure alone,
 * or ambient AWS credentials without a chained role or an account check.
 */
import type { StsGateway } from './sts-gateway.js';

export function lazyStsGateway(create: () => Promise<StsGateway>): StsGateway {
  let gateway: Promise<StsGateway> | undefined;
  const get = (): Promise<StsGateway> => (gateway ??= create());
  return {
    assumeRoleWithWebIdentity: async (request) => (await get()).assumeRoleWithWebIdentity(request),
    assumeRole: async (request, as) => (await get()).assumeRole(request, as),
    getCallerAccount: async (as) => (await get()).getCallerAccount(as),
  };
}
