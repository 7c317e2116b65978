/** What the console's routes share: its stores, settings, live events and cookie names. */
import type { AppContext } from '../app-context.js';
import { ConsoleMembers } from './console-members.js';
import { ConsoleSessions } from './console-sessions.js';
import { DEFAULT_CONSOLE, type ConsoleSettings } from './console-settings.js';
import { DeploymentEvents } from './deployment-events.js';
import { isSecure, sessionCookieName, stateCookieName } from './session-cookie.js';

export interface ConsoleContext {
  readonly settings: ConsoleSettings;
  readonly sessions: ConsoleSessions;
  readonly members: ConsoleMembers;
  readonly events: DeploymentEvents;
  /** Cookies are Secure (and `__Host-`) when GRAPE_PUBLIC_URL is https. */
  readonly secure: boolean;
  readonly cookieName: string;
  readonly stateCookieName: string;
  /** GitHub's OAuth and REST endpoints are reached with this (tests inject nothing: loopback). */
  readonly fetch: typeof fetch;
}

export function createConsoleContext(
  ctx: AppContext,
  fetchFn: typeof fetch = fetch,
): ConsoleContext {
  const settings = ctx.config.console ?? DEFAULT_CONSOLE;
  const secure = isSecure(ctx.config.publicUrl);
  return {
    settings,
    sessions: new ConsoleSessions(ctx.store.db, ctx.clock, {
      linkSeconds: settings.linkTtlSeconds,
      sessionSeconds: settings.sessionTtlSeconds,
    }),
    members: new ConsoleMembers(ctx.store.db, ctx.clock),
    events: new DeploymentEvents(ctx.store.db),
    secure,
    cookieName: sessionCookieName(secure),
    stateCookieName: stateCookieName(secure),
    fetch: fetchFn,
  };
}
