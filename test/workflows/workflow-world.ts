/**
 * The loopback world the shipped workflows run in: the OIDC issuer and STS (with the roles the
 * workflows name, trusting the OIDC subjects their comments document), S3 holding the state
 * buckets their backend-config names, the GitHub API with the GitOps repository, and a runner
 * tool cache that already holds the verified terraform (as a warm hosted runner's would; the
 * module's `.terraform-version` pins it, so nothing is downloaded).
 *
 * Stand-ins for third-party actions, and why they are emulated rather than run:
 * - actions/checkout: writes the repository's files (a small module per working directory, with
 *   outputs the facts snippets select) into GITHUB_WORKSPACE — what checkout does, without a
 *   GitHub remote to fetch from.
 * Google's STS and IAM Credentials and Entra's token endpoint trust what docs/clouds.md's
 * example names (pool provider, service account, app registration) for this repository's main.
 * - actions/github-script: the script body runs as github-script runs it (an async function of
 *   github, context, core) against test/workflows/github-script.ts's in-memory issues API.
 */
import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEntra } from '../harness/entra.js';
import { startGoogleSts } from '../harness/google-sts.js';
import { startGitHubApi, type GitHubApi } from '../harness/github/github-api.js';
import { serveGitRepository, type GitDataRepo } from '../harness/github/git-data.js';
import {
  startIdentityFixture,
  RUNNER_ROLE,
  type IdentityFixture,
} from '../harness/identity-fixture.js';
import { defaultClaims } from '../harness/oidc-issuer.js';
import { startS3, type S3StandIn } from '../harness/s3.js';
import { terraformBinary, terraformVersion } from '../harness/terraform-binary.js';
import type { JobWorld } from './emulated-job.js';
import { runGitHubScript, type FakeGitHub } from './github-script.js';

export const REPOSITORY = 'acme/infra';
/** The tenant whose per-tenant runner role (`<RUNNER_ROLE>-<TENANT_ID>`) the world defines. */
export const TENANT_ID = 'ten_0123456789abcdef0123';

export interface WorkflowWorld extends JobWorld {
  readonly identity: IdentityFixture;
  readonly s3: S3StandIn;
  readonly api: GitHubApi;
  readonly gitops: GitDataRepo;
  readonly scripts: FakeGitHub;
  close(): Promise<void>;
}

/** A module; with a backend, its state in the bucket the workflows' backend-config names. */
const MODULE = (backend: string | undefined): string => `
terraform {
  ${backend ? `backend "s3" {\n    ${backend}\n    region = "eu-west-1"\n    use_lockfile = true\n    use_path_style = true\n  }` : ''}
}
variable "environment" {
  type    = string
  default = "dev"
}
resource "terraform_data" "network" {
  input = var.environment
}
output "vpc_id" {
  value = "vpc-\${terraform_data.network.output}"
}
output "cluster_endpoint" {
  value = "https://k8s.\${var.environment}.internal"
}
output "bucket_name" {
  value = "acme-\${var.environment}-assets"
}
`;

/**
 * Working directories the shipped workflows and snippets name, with the backend their code holds
 * (the drift check passes no backend-config; path-style addressing for the loopback S3); '.' keeps
 * local state.
 */
const MODULE_DIRS: Record<string, string | undefined> = {
  '.': undefined,
  infra: 'bucket = "acme-terraform-state"\n    key = "app/terraform.tfstate"',
  'infra/envs/staging':
    'bucket = "acme-terraform-state-111122223333"\n    key = "staging/app.tfstate"',
  'infra/envs/production':
    'bucket = "acme-terraform-state-444455556666"\n    key = "production/app.tfstate"',
};

export async function startWorkflowWorld(): Promise<WorkflowWorld> {
  const identity = await startIdentityFixture();
  const s3 = await startS3({ lookup: (id) => identity.sts.credentialsFor(id) });
  for (const bucket of [
    'acme-terraform-state',
    'acme-terraform-state-111122223333',
    'acme-terraform-state-444455556666',
  ])
    s3.createBucket(bucket);
  const api = await startGitHubApi();
  // docs/clouds.md's example: its pool provider and service account, its Entra application.
  const google = await startGoogleSts();
  google.defineProvider({
    name: 'projects/123456789012/locations/global/workloadIdentityPools/github/providers/grape',
    issuer: identity.issuer.issuer,
    attributeMapping: {
      'google.subject': 'assertion.sub',
      'attribute.repository': 'assertion.repository',
    },
    attributeCondition: `assertion.repository == '${REPOSITORY}'`,
  });
  google.defineServiceAccount({
    email: 'grape-deploy@acme-prod.iam.gserviceaccount.com',
    workloadIdentityUsers: [
      `principalSet://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/github/attribute.repository/${REPOSITORY}`,
    ],
  });
  const entra = await startEntra();
  entra.defineApplication({
    tenantId: '66666666-7777-8888-9999-000000000000',
    clientId: '11111111-2222-3333-4444-555555555555',
    federatedCredentials: [
      {
        issuer: identity.issuer.issuer,
        subject: `repo:${REPOSITORY}:ref:refs/heads/main`,
        audiences: ['api://AzureADTokenExchange'],
      },
    ],
  });
  const gitops = await serveGitRepository(api, { owner: 'acme', repo: 'gitops' });
  const toolCache = await mkdtemp(path.join(tmpdir(), 'grape-wf-tools-'));
  // @actions/tool-cache's layout: <cache>/<tool>/<version>/<arch>/ and <arch>.complete.
  const arch = process.arch === 'arm64' ? 'arm64' : 'amd64';
  const cached = path.join(toolCache, 'grape-terraform', terraformVersion!, arch);
  await mkdir(cached, { recursive: true });
  await copyFile(terraformBinary!, path.join(cached, 'terraform'));
  await chmod(path.join(cached, 'terraform'), 0o755);
  await writeFile(`${cached}.complete`, '');

  const trust = (arn: string, subPatterns: string[]): void =>
    identity.sts.defineRole({
      arn,
      maxSessionDuration: 3600,
      webIdentity: {
        issuer: identity.issuer.issuer,
        audiences: ['sts.amazonaws.com'],
        subPatterns,
      },
    });
  // README: one deploy role for pull requests and main; grape-runner, also the chaining hop.
  trust('arn:aws:iam::111111111111:role/github-deploy', [
    `repo:${REPOSITORY}:pull_request`,
    `repo:${REPOSITORY}:ref:refs/heads/main`,
  ]);
  trust(RUNNER_ROLE, [
    `repo:${REPOSITORY}:ref:refs/heads/main`,
    'repo:acme/grape-runner:ref:refs/heads/main',
  ]);
  // modules/github-oidc-role/examples/grape-runner-per-tenant: one runner role per tenant,
  // trusted only from the runner repository's job in that tenant's GitHub environment.
  trust(`${RUNNER_ROLE}-${TENANT_ID}`, [`repo:acme/grape-runner:environment:grape-${TENANT_ID}`]);
  // workflows/grape-deploy.yml's comment: plans trust pull_request (drift: the scheduled main
  // ref), applies run in the environment.
  for (const [account, environment] of [
    ['111122223333', 'staging'],
    ['444455556666', 'production'],
  ] as const) {
    trust(`arn:aws:iam::${account}:role/github-plan`, [
      `repo:${REPOSITORY}:pull_request`,
      `repo:${REPOSITORY}:ref:refs/heads/main`,
    ]);
    trust(`arn:aws:iam::${account}:role/github-deploy`, [
      `repo:${REPOSITORY}:environment:${environment}`,
    ]);
  }

  const scripts: FakeGitHub = { comments: [], issues: [], calls: [], summary: [] };
  return {
    identity,
    s3,
    api,
    gitops,
    scripts,
    toolCache,
    // What the runner machine itself has: the stand-ins' endpoints (as a proxy-less self-hosted
    // runner pointed at them would), nothing of the test process.
    hostEnv: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? tmpdir(),
      LANG: 'C.UTF-8',
      AWS_ENDPOINT_URL_STS: identity.sts.url,
      AWS_ENDPOINT_URL_S3: s3.url,
      AWS_EC2_METADATA_DISABLED: 'true',
      CLOUDSDK_API_ENDPOINT_OVERRIDES_STS: `${google.url}/`,
      CLOUDSDK_API_ENDPOINT_OVERRIDES_IAMCREDENTIALS: `${google.url}/`,
      AZURE_AUTHORITY_HOST: entra.url,
    },
    actionsEnv: (idToken) => {
      if (!idToken) return {};
      const github = idToken.github;
      identity.issuer.setClaims(
        defaultClaims({
          repository: String(github['repository']),
          ref: String(github['ref']),
          sub: idToken.sub,
          event_name: String(github['event_name']),
        }),
      );
      return {
        ACTIONS_ID_TOKEN_REQUEST_URL: identity.issuer.requestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: identity.issuer.requestToken,
      };
    },
    checkout: async (workspace) => {
      for (const [dir, backend] of Object.entries(MODULE_DIRS)) {
        await mkdir(path.join(workspace, dir), { recursive: true });
        await writeFile(path.join(workspace, dir, 'main.tf'), MODULE(backend));
        await writeFile(path.join(workspace, dir, '.terraform-version'), `${terraformVersion}\n`);
      }
    },
    githubScript: async (script, env, github) => {
      const event = github['event'] as { pull_request?: { number?: number } } | undefined;
      try {
        const state = await runGitHubScript(script, {
          env,
          ...(event?.pull_request?.number ? { pullRequest: event.pull_request.number } : {}),
          state: scripts,
        });
        scripts.calls.push(...state.calls);
        scripts.summary.push(...state.summary);
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
    close: async () => {
      await Promise.all([
        identity.close(),
        s3.close(),
        api.close(),
        gitops.close(),
        google.close(),
        entra.close(),
      ]);
      await rm(toolCache, { recursive: true, force: true });
    },
  };
}
