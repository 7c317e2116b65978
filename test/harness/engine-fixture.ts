/**
 * Everything an engine end-to-end test needs on loopback: the identity stand-ins (OIDC → STS),
 * S3 that accepts the credentials STS issued (state backend and plan store), and a release
 * mirror serving the real terraform binary, signed with a test key. Runs share one tool cache,
 * so only the first run downloads terraform.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startIdentityFixture, RUNNER_ROLE, type IdentityFixture } from './identity-fixture.js';
import { startReleaseMirror, type ReleaseMirror } from './release-mirror.js';
import { startS3, type S3StandIn } from './s3.js';
import { terraformBinary, terraformVersion } from './terraform-binary.js';

export const STATE_BUCKET = 'acme-tf-state';

export interface EngineFixture {
  readonly identity: IdentityFixture;
  readonly s3: S3StandIn;
  readonly mirror: ReleaseMirror;
  readonly toolCache: string;
  /** Inputs for a run that gets OIDC credentials and terraform from the mirror. */
  inputs(extra?: Record<string, string>): Record<string, string>;
  env(extra?: Record<string, string>): Record<string, string>;
  /** backend-config lines for the s3 backend on the stand-in. */
  backendConfig(key: string): string;
  close(): Promise<void>;
}

export async function startEngineFixture(): Promise<EngineFixture> {
  const identity = await startIdentityFixture();
  const s3 = await startS3({ lookup: (id) => identity.sts.credentialsFor(id) });
  s3.createBucket(STATE_BUCKET);
  const mirror = await startReleaseMirror();
  await mirror.addRelease({
    product: 'terraform',
    version: terraformVersion!,
    binary: terraformBinary!,
  });
  const toolCache = await mkdtemp(path.join(tmpdir(), 'grape-e2e-tools-'));
  return {
    identity,
    s3,
    mirror,
    toolCache,
    inputs: (extra = {}) => ({
      'role-arn': RUNNER_ROLE,
      'aws-region': 'eu-west-1',
      'release-mirror': mirror.url,
      'release-signing-key': mirror.key.publicKey,
      'engine-version': terraformVersion!,
      ...extra,
    }),
    env: (extra = {}) => ({
      ...identity.env,
      AWS_ENDPOINT_URL_S3: s3.url,
      RUNNER_TOOL_CACHE: toolCache,
      ...extra,
    }),
    backendConfig: (key) =>
      [
        `bucket=${STATE_BUCKET}`,
        `key=${key}`,
        'region=eu-west-1',
        `endpoints={s3="${s3.url}"}`,
      ].join('\n'),
    close: async () => {
      await Promise.all([identity.close(), s3.close(), mirror.close()]);
      await rm(toolCache, { recursive: true, force: true });
    },
  };
}
