/**
 * A one-time console sign-in link for a tenant's admin: what the first-start banner's `Console:`
 * line and `grape console-link` print. The URL carries the secret; it works once, for
 * GRAPE_CONSOLE_LINK_TTL_SECONDS (10 minutes by default).
 */
import type { AuditContext } from '../audit/audit-event.js';
import type { Store } from '../store/store.js';
import { ConsoleSessions } from './console-sessions.js';
import { DEFAULT_CONSOLE, type ConsoleSettings } from './console-settings.js';

/** Who a sign-in link signs in as: the tenant's local administrator. */
export const LOCAL_ADMIN = 'local:admin';

export async function createSignInLink(
  store: Store,
  tenantId: string,
  ctx: AuditContext,
  settings: ConsoleSettings = DEFAULT_CONSOLE,
  clock: () => Date = () => new Date(),
): Promise<{ path: string; expiresAt: Date }> {
  const sessions = new ConsoleSessions(store.db, clock, {
    linkSeconds: settings.linkTtlSeconds,
    sessionSeconds: settings.sessionTtlSeconds,
  });
  const { code, expiresAt } = await sessions.createLink(
    { tenantId, login: LOCAL_ADMIN, role: 'admin' },
    ctx,
  );
  return { path: `/console/sign-in?code=${code}`, expiresAt };
}
