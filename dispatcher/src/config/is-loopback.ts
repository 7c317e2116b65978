/**
 * Whether a URL points at this machine only: GitHub's runners could never reach it, so the GitHub
 * executor refuses it as GRAPE_PUBLIC_URL unless told the runners run here.
 */

/** localhost, 127.0.0.0/8, ::1, and the unspecified addresses (0.0.0.0, ::). */
export function isLoopback(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    host === '0.0.0.0' ||
    host === '::1' ||
    host === '::' ||
    host === '::ffff:127.0.0.1' ||
    /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host)
  );
}
