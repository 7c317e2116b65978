/**
 * The console talks to the dispatcher through its public HTTP API only, with the session cookie the
 * browser holds (HttpOnly: this code never sees it) and the session's CSRF token on every
 * state-changing request. Errors carry the API's own message, which names the field and the fix.
 */
export type Role = 'viewer' | 'deployer' | 'admin';

export interface Session {
  readonly signedIn: boolean;
  readonly github: boolean;
  readonly login?: string;
  readonly role?: Role;
  readonly tenant?: { id: string; name: string };
  readonly csrfToken?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: ReadonlyArray<{ field: string; problem: string; expected?: string }> = [],
  ) {
    super(message);
  }
}

let csrf = '';
export const setCsrf = (token: string): void => {
  csrf = token;
};

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-grape-csrf'] = csrf;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (response.status === 204) return undefined as T;
  const json = (await response.json().catch(() => ({}))) as {
    message?: string;
    problems?: ApiError['problems'];
  };
  if (!response.ok)
    throw new ApiError(
      response.status,
      json.message ?? `${method} ${path} answered ${response.status}`,
      json.problems ?? [],
    );
  return json as T;
}

export const RANK: Record<Role, number> = { viewer: 0, deployer: 1, admin: 2 };
export const may = (session: Session, role: Role): boolean =>
  session.role !== undefined && RANK[session.role] >= RANK[role];

export interface Deployment {
  id: string;
  project: { id: string; name: string };
  environment: string;
  operation: 'plan' | 'apply' | 'destroy';
  status: string;
  statusReason: string | null;
  queuePosition: number | null;
  ref: string;
  requestedBy: string;
  approves: string | null;
  plan: {
    sha256: string;
    hasChanges: boolean | null;
    summary: Record<string, number> | null;
    resources?: Array<{ address: string; action: string }> | null;
    resourcesOmitted?: number | null;
  } | null;
  run: { id: number; url: string | null } | null;
  factsCommit: string | null;
  outputs: string[] | Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  links: Record<string, string>;
}

export interface Project {
  id: string;
  name: string;
  source: { repository: string; ref: string; path: string };
  roleArn: string | null;
  region: string;
  externalId: string;
  protectedEnvironments: string[];
  createdAt: string;
}
