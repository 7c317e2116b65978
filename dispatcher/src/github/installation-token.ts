/**
 * Installation access tokens for the runner repo: App JWT → (installation id, looked up once from
 * the repo when not configured) → POST /app/installations/{id}/access_tokens. A token is reused
 * until five minutes before it expires; concurrent callers share one refresh.
 */
import type { KeyObject } from 'node:crypto';
import { createAppJwt } from './app-jwt.js';

/** The one call shape needed: Octokit's `request` with an explicit authorization header. */
export type AppRequest = (
  route: string,
  params: Record<string, unknown> & { headers: { authorization: string } },
) => Promise<{ data: unknown }>;

const REFRESH_MARGIN_MS = 5 * 60 * 1000;

export class InstallationTokens {
  private cached: { token: string; expiresAt: number } | undefined;
  private pending: Promise<string> | undefined;
  private installationId: number | undefined;

  constructor(
    private readonly options: {
      readonly appId: number;
      readonly key: KeyObject;
      readonly installationId: number | undefined;
      readonly owner: string;
      readonly repo: string;
      readonly clock: () => Date;
    },
    private readonly request: AppRequest,
  ) {
    this.installationId = options.installationId;
  }

  async get(): Promise<string> {
    const now = this.options.clock().getTime();
    if (this.cached && this.cached.expiresAt - REFRESH_MARGIN_MS > now) return this.cached.token;
    this.pending ??= this.refresh().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** Forget the token (GitHub answered 401: revoked or the App's key rotated). */
  invalidate(): void {
    this.cached = undefined;
  }

  private async refresh(): Promise<string> {
    const { appId, key, owner, repo, clock } = this.options;
    const jwt = await createAppJwt(appId, key, Math.floor(clock().getTime() / 1000));
    const headers = { authorization: `bearer ${jwt}` };
    if (this.installationId === undefined) {
      const { data } = await this.request('GET /repos/{owner}/{repo}/installation', {
        owner,
        repo,
        headers,
      });
      this.installationId = (data as { id: number }).id;
    }
    const { data } = await this.request('POST /app/installations/{installation_id}/access_tokens', {
      installation_id: this.installationId,
      repositories: [repo],
      permissions: { actions: 'write', metadata: 'read' },
      headers,
    });
    const { token, expires_at } = data as { token: string; expires_at: string };
    this.cached = { token, expiresAt: Date.parse(expires_at) };
    return token;
  }
}
