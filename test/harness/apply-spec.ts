/**
 * The dispatcher's spec for an `apply` of one module on the engine fixture's S3 backend (the runner
 * role, the customer role with its ExternalId, the state key given), reporting to `reportUrl`: what
 * the cancel tests run the bundled action with.
 */
import type { DeploymentSpec } from '../../contract/deployment-spec.js';
import { STATE_BUCKET } from './engine-fixture.js';
import { CUSTOMER_ROLE, EXTERNAL_ID, RUNNER_ROLE } from './identity-fixture.js';

export function applySpec(
  deploymentId: string,
  stateKey: string,
  reportUrl: string,
): DeploymentSpec {
  return {
    v: 1,
    deploymentId,
    tenantId: 'ten_0123456789abcdef0123',
    project: { id: 'prj_0123456789abcdef0123', name: 'network' },
    environment: 'dev',
    operation: 'apply',
    source: { repository: 'acme/grape-runner', ref: 'main', path: '' },
    aws: {
      runnerRoleArn: RUNNER_ROLE,
      roleArn: CUSTOMER_ROLE,
      externalId: EXTERNAL_ID,
      region: 'eu-west-1',
      sessionDurationSeconds: 3600,
    },
    backend: { type: 's3', bucket: STATE_BUCKET, key: stateKey, region: 'eu-west-1' },
    variables: {},
    callback: { url: reportUrl, audience: 'https://grape.test' },
  };
}
