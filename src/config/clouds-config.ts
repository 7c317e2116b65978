/** The Google Cloud and Azure federation a run asks for (either, both or neither), beside AWS. */
import type { AzureConfig } from './azure-config.js';
import type { GcpConfig } from './gcp-config.js';

export interface CloudsConfig {
  readonly gcp: GcpConfig | undefined;
  readonly azure: AzureConfig | undefined;
}
