/**
 * The GitHub OIDC token files the clouds' credentials point at (the Google credentials file's
 * `credential_source.file`, azurerm's ARM_OIDC_TOKEN_FILE_PATH), kept fresh while terraform runs:
 * a GitHub token lives minutes, a terraform apply may take an hour, and the providers read the file
 * again whenever they need a new access token. Each write replaces the file atomically (write
 * beside it, then rename), so a provider never reads half a token.
 */
import { rename, writeFile } from 'node:fs/promises';
import { decodeJwt } from 'jose';
import { errorMessage } from '../errors.js';
import type { ActionsIO } from '../runner/actions-io.js';
import { getOidcToken } from './oidc-token.js';

export interface TokenFile {
  readonly path: string;
  readonly audience: string;
}

export async function writeTokenFile(path: string, token: string): Promise<void> {
  const next = `${path}.next`;
  await writeFile(next, token, { mode: 0o600 });
  await rename(next, path);
}

/** Seconds until half the token's life has passed (at least 30 s, at most 10 min). */
export function refreshDelaySeconds(token: string, nowSeconds: number): number {
  try {
    const { exp, iat } = decodeJwt(token);
    if (typeof exp === 'number') {
      const issued = typeof iat === 'number' ? iat : nowSeconds;
      const half = issued + (exp - issued) / 2 - nowSeconds;
      return Math.min(600, Math.max(30, Math.floor(half)));
    }
  } catch {
    // Not a JWT we can read: refresh on the slow schedule.
  }
  return 240;
}

export interface RefreshDeps {
  readonly io: ActionsIO;
  readonly env: NodeJS.ProcessEnv;
  readonly nowSeconds?: () => number;
  /** Called after each refresh attempt, success or not (tests wait on it). */
  readonly onRefresh?: () => void;
}

/** Starts refreshing `files` (each holding `token`'s kind); the returned function stops it. */
export function keepTokenFilesFresh(
  files: readonly TokenFile[],
  firstToken: string,
  deps: RefreshDeps,
): () => void {
  const now = deps.nowSeconds ?? (() => Date.now() / 1000);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let warned = false;
  const schedule = (token: string): void => {
    if (stopped || files.length === 0) return;
    timer = setTimeout(() => void refresh(), refreshDelaySeconds(token, now()) * 1000);
    timer.unref();
  };
  const refresh = async (): Promise<void> => {
    let latest = firstToken;
    try {
      for (const file of files) {
        latest = await getOidcToken(deps.io, deps.env, file.audience);
        if (stopped) return;
        await writeTokenFile(file.path, latest);
      }
      deps.io.debug(`Refreshed ${files.length} GitHub OIDC token file(s).`);
    } catch (error) {
      if (!warned)
        deps.io.warning(
          `Could not refresh the GitHub OIDC token file for the cloud credentials: ${errorMessage(error)}. Terraform keeps the access tokens it already has.`,
        );
      warned = true;
    }
    deps.onRefresh?.();
    schedule(latest);
  };
  schedule(firstToken);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
