/**
 * A dispatcher wired to loopback stand-ins: GitHub's API (contract-checked, with the Actions
 * backend), GitHub's OIDC issuer, a database backend, a manual clock. Loops do not run on timers:
 * tests call `loop.tick()` / `reconciler.tick()`.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Webhooks } from '@octokit/webhooks';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig, type DispatcherConfig } from '../../../dispatcher/src/config.js';
import {
  createDispatcher,
  type Dispatcher,
  type DispatcherSeams,
} from '../../../dispatcher/src/create-dispatcher.js';
import type { Project } from '../../../dispatcher/src/store/records.js';
import type { Store } from '../../../dispatcher/src/store/store.js';
import {
  installActionsBackend,
  type ActionsBackend,
} from '../../harness/github/actions-handlers.js';
import { startGitHubApi, type GitHubApi } from '../../harness/github/github-api.js';
import { startOidcIssuer, type OidcIssuer } from '../../harness/oidc-issuer.js';
import { manualClock, type ManualClock } from './clock.js';
import type { TestStore } from './backends.js';

export const RUNNER_REPO = { owner: 'acme', repo: 'grape-runner' };
export const WEBHOOK_SECRET = 'whsec_test_0123456789abcdef';
export const RUNNER_ROLE = 'arn:aws:iam::111111111111:role/grape-runner';
export const AUDIENCE = 'https://grape.test';

export interface Environment {
  readonly github: GitHubApi;
  readonly actions: ActionsBackend;
  readonly issuer: OidcIssuer;
  readonly clock: ManualClock;
  readonly env: Record<string, string>;
  readonly dataDir: string;
  close(): Promise<void>;
}

/** The stand-ins and the environment variables pointing at them. */
export async function startEnvironment(clock = manualClock()): Promise<Environment> {
  const github = await startGitHubApi();
  const actions = installActionsBackend(github, { ...RUNNER_REPO, now: clock });
  // Tokens are signed at the dispatcher's (manual) time, however slow the machine.
  const issuer = await startOidcIssuer(clock);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'grape-dispatcher-'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const env = {
    GITHUB_API_URL: github.url,
    GITHUB_APP_ID: '123456',
    GITHUB_APP_PRIVATE_KEY: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET,
    GRAPE_RUNNER_REPO: `${RUNNER_REPO.owner}/${RUNNER_REPO.repo}`,
    GRAPE_RUNNER_ROLE_ARN: RUNNER_ROLE,
    GRAPE_DATA_DIR: dataDir,
    GRAPE_PUBLIC_URL: AUDIENCE,
    GRAPE_OIDC_ISSUER: issuer.issuer,
    GRAPE_OIDC_JWKS_URL: issuer.jwksUrl,
  };
  return {
    github,
    actions,
    issuer,
    clock,
    env,
    dataDir,
    close: async () => {
      await Promise.all([github.close(), issuer.close()]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestDispatcher extends Dispatcher {
  readonly config: DispatcherConfig;
  request(options: InjectOptions & { token?: string }): Promise<LightMyRequestResponse>;
}

/**
 * The one way tests build a dispatcher: from `env` (either executor), on `store`, with the test
 * seams (no timer loops, no logs, fast GitHub retries) unless `seams` says otherwise; ready.
 */
export async function dispatcherOn(
  env: Record<string, string>,
  store: Store,
  seams: Partial<DispatcherSeams> = {},
): Promise<TestDispatcher> {
  const config = loadConfig(env);
  const dispatcher = await createDispatcher(config, {
    store,
    loops: false,
    logger: false,
    octokit: { retryAfterBaseValue: 1, spaceWrites: false },
    ...seams,
  });
  await dispatcher.app.ready();
  return {
    ...dispatcher,
    config,
    request: ({ token, headers, ...options }) =>
      dispatcher.app.inject({
        ...options,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      }),
  };
}

/** A GitHub-executor dispatcher wired to `environment`'s stand-ins and clock. */
export function startDispatcher(
  environment: Environment,
  store: TestStore,
  seams: Partial<DispatcherSeams> = {},
): Promise<TestDispatcher> {
  return dispatcherOn(environment.env, store, { clock: environment.clock, ...seams });
}

export interface Tenant {
  readonly id: string;
  readonly admin: string;
  readonly deployer: string;
  readonly viewer: string;
  readonly project: Project;
}

export const projectBody = {
  name: 'network',
  source: { repository: 'acme/infra', ref: 'main', path: 'stacks/network' },
  roleArn: 'arn:aws:iam::222222222222:role/grape-deploy',
  region: 'eu-west-1',
  backend: { bucket: 'acme-tfstate', kmsKeyId: 'alias/tfstate' },
  facts: {
    repository: 'acme/gitops',
    branch: 'main',
    path: 'facts/network.yaml',
    format: 'yaml' as const,
  },
  protectedEnvironments: ['prod'],
};

/** A tenant with an admin, a deployer and a viewer token, and one project. */
export async function seedTenant(store: TestStore, name: string): Promise<Tenant> {
  const ctx = { actor: 'operator' };
  const tenant = await store.tenants.create(name, ctx);
  const token = async (role: 'admin' | 'deployer' | 'viewer') =>
    (
      await store.tokens.create(
        tenant.id,
        { name: role, role, projects: null, environments: null },
        ctx,
      )
    ).token;
  const project = await store.projects.create(
    tenant.id,
    {
      ...projectBody,
      sessionDurationSeconds: 3600,
      backend: projectBody.backend,
      facts: projectBody.facts,
    },
    ctx,
  );
  return {
    id: tenant.id,
    admin: await token('admin'),
    deployer: await token('deployer'),
    viewer: await token('viewer'),
    project,
  };
}

const webhooks = new Webhooks({ secret: WEBHOOK_SECRET });
let deliverySerial = 0;

/** A webhook delivery as GitHub sends it: raw JSON body, event, delivery id, HMAC signature. */
export async function webhookRequest(
  event: string,
  payload: unknown,
  options: { delivery?: string; secret?: string; signature?: string | null } = {},
): Promise<InjectOptions> {
  const body = JSON.stringify(payload);
  const signer = options.secret ? new Webhooks({ secret: options.secret }) : webhooks;
  const signature = options.signature === undefined ? await signer.sign(body) : options.signature;
  return {
    method: 'POST',
    url: '/v1/github/webhooks',
    payload: body,
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery':
        options.delivery ?? `d0000000-0000-4000-8000-${String(++deliverySerial).padStart(12, '0')}`,
      'user-agent': 'GitHub-Hookshot/test',
      ...(signature === null ? {} : { 'x-hub-signature-256': signature }),
    },
  };
}
