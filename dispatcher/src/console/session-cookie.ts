/**
 * The console's cookies: HttpOnly (no script reads them, so no token is ever in page storage),
 * SameSite=Lax (sent on a top-level navigation back from GitHub's authorize page, never on a
 * cross-site subrequest), Path=/, and over https Secure with the `__Host-` prefix (no subdomain can
 * set or shadow it). Lax alone does not stop every cross-site write, so the session also carries
 * a CSRF token (authenticate-request.ts).
 */
export interface CookieOptions {
  readonly secure: boolean;
  readonly maxAgeSeconds: number;
}

export const sessionCookieName = (secure: boolean): string =>
  secure ? '__Host-grape_session' : 'grape_session';
export const stateCookieName = (secure: boolean): string =>
  secure ? '__Host-grape_oauth_state' : 'grape_oauth_state';

export const isSecure = (publicUrl: string): boolean => publicUrl.startsWith('https:');

export function setCookie(name: string, value: string, o: CookieOptions): string {
  return [
    `${name}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${o.maxAgeSeconds}`,
    ...(o.secure ? ['Secure'] : []),
  ].join('; ');
}

export const clearCookie = (name: string, secure: boolean): string =>
  setCookie(name, '', { secure, maxAgeSeconds: 0 });

/** One cookie's value from a Cookie header (RFC 6265 §5.4 pairs separated by `; `). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(/;\s*/)) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq) === name) return pair.slice(eq + 1);
  }
  return undefined;
}
