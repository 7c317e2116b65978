/**
 * The identity step for Google Cloud and Azure, beside AWS: one GitHub OIDC token per audience,
 * one exchange each before terraform runs (so a misconfigured trust fails here, explained), then
 * what the official providers read — a Google external-account credentials file over a token file,
 * azurerm's ARM_* OIDC variables — for terraform, and, with export-credentials, for later steps.
 */
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ActionsIO } from '../runner/actions-io.js';
import { makeRunTempDir } from '../runner/temp-paths.js';
import { COMPETING_AZURE_VARIABLES, azureEnv, exportedAssertion } from './azure-env.js';
import { CLOUD_EXPORTS_STATE } from './cloud-exports.js';
import { authorityHost, exchangeEntraToken } from './entra-exchange.js';
import type { CloudsConfig } from '../config/clouds-config.js';
import {
  COMPETING_GOOGLE_VARIABLES,
  externalAccountCredentials,
  googleEnv,
  type SubjectTokenSource,
} from './google-credentials-file.js';
import { actionsHttpPost, type HttpPost } from './federation-http.js';
import { googleEndpoints } from './google-endpoints.js';
import { exchangeGoogleToken } from './google-exchange.js';
import { getOidcToken } from './oidc-token.js';
import type { RetryPolicy } from '../lib/retry.js';
import { withStsRetry } from './retry-sts.js';
import { describeTokenClaims } from './token-claims.js';
import { keepTokenFilesFresh, writeTokenFile, type TokenFile } from './token-file.js';

export type { CloudsConfig };

export interface FederatedClouds {
  /** Variables added to terraform's environment. */
  readonly engineEnv: Readonly<Record<string, string>>;
  /** Job variables left out of terraform's environment (credentials that would compete). */
  readonly withheld: readonly string[];
  /** Variables for the job's later steps (exported only with export-credentials). */
  readonly exportEnv: Readonly<Record<string, string>>;
  /** Values of exportEnv that are secret (masked before export). */
  readonly secrets: readonly string[];
  /** Starts refreshing the token files; returns the function that stops it. */
  keepFresh(): () => void;
}

export interface FederateDeps {
  readonly io: ActionsIO;
  readonly env: NodeJS.ProcessEnv;
  /** HTTP for the exchanges; default @actions/http-client. */
  readonly http?: HttpPost;
  readonly exportCredentials: boolean;
  readonly retryPolicy?: RetryPolicy;
}

export async function federateClouds(
  config: CloudsConfig,
  deps: FederateDeps,
): Promise<FederatedClouds | undefined> {
  if (!config.gcp && !config.azure) return undefined;
  const { io, env } = deps;
  const retry = <T>(call: () => Promise<T>): Promise<T> =>
    withStsRetry(call, (m) => io.info(m), deps.retryPolicy);
  const dir = await makeRunTempDir(io, env, 'cloud-credentials');
  await chmod(dir, 0o700);
  const engine: Record<string, string> = {};
  const exported: Record<string, string> = {};
  const secrets: string[] = [];
  const withheld: string[] = [];
  const tokenFiles: TokenFile[] = [];
  let lastToken = '';

  if (config.gcp) {
    const gcp = config.gcp;
    const token = await getOidcToken(io, env, gcp.audience);
    lastToken = token;
    const endpoints = googleEndpoints(env);
    const access = await exchangeGoogleToken(gcp, token, describeTokenClaims(token), {
      http: deps.http ?? actionsHttpPost,
      endpoints,
      retry,
      mask: io.setSecret,
    });
    io.info(
      `Exchanged the GitHub OIDC token with Google STS (${gcp.provider.name}); acting as ${access.principal}.`,
    );
    const tokenFile = path.join(dir, 'gcp-oidc-token');
    await writeTokenFile(tokenFile, token);
    tokenFiles.push({ path: tokenFile, audience: gcp.audience });
    const file = path.join(dir, 'gcp-credentials.json');
    await writeJson(
      file,
      externalAccountCredentials(gcp, endpoints, { kind: 'file', path: tokenFile }),
    );
    Object.assign(engine, googleEnv(gcp, file));
    withheld.push(...COMPETING_GOOGLE_VARIABLES);
    if (deps.exportCredentials) {
      const source = laterStepsSource(env, gcp.audience, tokenFile);
      if (source.kind === 'url') secrets.push(source.requestToken);
      const exportedFile = path.join(dir, 'gcp-credentials-exported.json');
      await writeJson(exportedFile, externalAccountCredentials(gcp, endpoints, source));
      Object.assign(exported, googleEnv(gcp, exportedFile));
      io.setOutput('gcp-credentials-file', exportedFile);
    }
  }

  if (config.azure) {
    const azure = config.azure;
    const token = await getOidcToken(io, env, azure.audience);
    lastToken = token;
    await exchangeEntraToken(azure, token, describeTokenClaims(token), {
      http: deps.http ?? actionsHttpPost,
      authorityHost: authorityHost(env, azure.environment),
      retry,
      mask: io.setSecret,
    });
    io.info(
      `Exchanged the GitHub OIDC token with Microsoft Entra (${azure.environment.name} cloud, tenant ${azure.tenantId}, client ${azure.clientId}).`,
    );
    const tokenFile = path.join(dir, 'azure-oidc-token');
    await writeTokenFile(tokenFile, token);
    tokenFiles.push({ path: tokenFile, audience: azure.audience });
    Object.assign(engine, azureEnv(azure, { kind: 'file', path: tokenFile }));
    withheld.push(...COMPETING_AZURE_VARIABLES);
    if (deps.exportCredentials) {
      const assertion = exportedAssertion(azure, env, token);
      if (assertion.kind === 'request') secrets.push(assertion.requestToken);
      if (assertion.kind === 'token') secrets.push(assertion.token);
      Object.assign(exported, azureEnv(azure, assertion));
    }
  }

  return {
    engineEnv: engine,
    withheld: withheld.filter((name) => !(name in engine)),
    exportEnv: exported,
    secrets,
    keepFresh: () => keepTokenFilesFresh(tokenFiles, lastToken, { io, env }),
  };
}

/** Later steps outlive the action's refreshing: they ask the runner's token endpoint themselves. */
function laterStepsSource(
  env: NodeJS.ProcessEnv,
  audience: string,
  tokenFile: string,
): SubjectTokenSource {
  const requestUrl = env['ACTIONS_ID_TOKEN_REQUEST_URL'];
  const requestToken = env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'];
  if (!requestUrl || !requestToken) return { kind: 'file', path: tokenFile };
  // The toolkit's getIDToken appends the audience the same way (actions/toolkit packages/core/src/oidc-utils.ts).
  const url = new URL(requestUrl);
  url.searchParams.set('audience', audience);
  return { kind: 'url', url: url.href, requestToken };
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
}

/** Terraform's environment: the job's, minus competing credentials, plus the clouds'. */
export function withClouds(
  env: NodeJS.ProcessEnv,
  clouds: FederatedClouds | undefined,
): NodeJS.ProcessEnv {
  if (!clouds) return env;
  const result: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env))
    if (!clouds.withheld.includes(name)) result[name] = value;
  return { ...result, ...clouds.engineEnv };
}

/** Exports the clouds' variables for later steps, masked, and records them for the post step. */
export function publishClouds(io: ActionsIO, clouds: FederatedClouds): void {
  for (const secret of clouds.secrets) io.setSecret(secret);
  const names = Object.keys(clouds.exportEnv);
  for (const name of names) io.exportVariable(name, clouds.exportEnv[name]!);
  if (names.length > 0) {
    io.saveState(CLOUD_EXPORTS_STATE, JSON.stringify(names));
    io.info(
      `Exported ${names.join(', ')} for the later steps of this job (cleared by the post step).`,
    );
  }
}
