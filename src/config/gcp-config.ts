/** The Google Cloud inputs (`gcp-*`), parsed and checked before any network call. */
import type { InputReader } from '../inputs/input-reader.js';
import {
  PROJECT_ID,
  PROVIDER_EXAMPLE,
  SERVICE_ACCOUNT_EMAIL,
  canonicalAudience,
  parseProviderName,
  projectIdProblem,
  providerNameProblem,
  serviceAccountProblem,
  type ProviderName,
} from './gcp-names.js';

export interface GcpConfig {
  readonly provider: ProviderName;
  /** Impersonated with the federated token; undefined: the federated principal acts directly. */
  readonly serviceAccount: string | undefined;
  readonly projectId: string | undefined;
  /** The GitHub OIDC token's `aud`. */
  readonly audience: string;
}

const DEPENDENT = ['gcp-service-account', 'gcp-project-id', 'gcp-audience'] as const;

export function readGcpConfig(inputs: InputReader): GcpConfig | undefined {
  const providerValue = inputs.string('gcp-workload-identity-provider');
  const serviceAccount = inputs.string('gcp-service-account');
  const projectId = inputs.string('gcp-project-id');
  const audienceValue = inputs.string('gcp-audience');

  if (providerValue === undefined) {
    for (const name of DEPENDENT) {
      if (inputs.string(name) !== undefined)
        inputs.failCombination(
          name,
          `Input '${name}' is set but 'gcp-workload-identity-provider' is not: Google Cloud credentials start from a workload identity pool provider. Set 'gcp-workload-identity-provider' (e.g. 'projects/123456789012/locations/global/workloadIdentityPools/github/providers/grape'), or remove '${name}'.`,
        );
    }
    return undefined;
  }
  const provider = parseProviderName(providerValue);
  if (!provider)
    inputs.fail(
      'gcp-workload-identity-provider',
      providerValue,
      providerNameProblem(providerValue),
      PROVIDER_EXAMPLE,
    );
  if (serviceAccount !== undefined && !SERVICE_ACCOUNT_EMAIL.test(serviceAccount))
    inputs.fail(
      'gcp-service-account',
      serviceAccount,
      serviceAccountProblem(serviceAccount),
      "Use the service account's email, e.g. 'grape-deploy@my-project.iam.gserviceaccount.com'.",
    );
  if (projectId !== undefined && !PROJECT_ID.test(projectId))
    inputs.fail(
      'gcp-project-id',
      projectId,
      projectIdProblem(projectId),
      "Use the project id, e.g. 'my-project-123' (gcloud projects list).",
    );
  if (audienceValue !== undefined && /\s/.test(audienceValue))
    inputs.fail(
      'gcp-audience',
      audienceValue,
      'contains white space',
      "Leave it unset for the provider's default audience, or use one of its allowed audiences, e.g. 'https://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/github/providers/grape'.",
    );
  if (!provider) return undefined;
  return {
    provider,
    serviceAccount,
    projectId,
    audience: audienceValue ?? canonicalAudience(provider),
  };
}
