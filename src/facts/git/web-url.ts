/** The browsable page of a git remote, for the `facts-url` output, when the host's layout is known. */

export function webUrlOf(remote: string, githubServerUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(remote);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:') return undefined;
  const base = `${url.origin}${url.pathname.replace(/\.git$/, '').replace(/\/$/, '')}`;
  const github = new URL(githubServerUrl).host;
  if (url.host === github || url.host === 'github.com') return base;
  if (/gitlab/i.test(url.host)) return `${base}/-`;
  return undefined;
}
