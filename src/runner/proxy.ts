/**
 * Outbound HTTP through the runner's proxy. A self-hosted runner behind a proxy exports
 * HTTP_PROXY / HTTPS_PROXY / NO_PROXY (lower case too) to every step. @actions/http-client (the
 * OIDC request, @actions/cache, @actions/tool-cache) honours them; Node's `fetch` and the AWS
 * SDK do not. Every other client gets the same decision here, made by @actions/http-client's own
 * `getProxyUrl` (its lib/proxy.ts: `https_proxy`/`HTTPS_PROXY` for https URLs,
 * `http_proxy`/`HTTP_PROXY` for http, NO_PROXY host and `.suffix` rules with optional port, `*`,
 * and loopback hosts — localhost, 127.*, [::1] — never proxied). Proxy credentials in the proxy
 * URL go as Basic `Proxy-Authorization`, as there. The AWS SDK's agent is in proxy-agent.ts.
 */
import { getProxyUrl } from '@actions/http-client/lib/proxy';
import type { ProxyAgent } from 'undici';

/** The proxy for `url` under the environment's settings, or undefined to go direct. */
export function proxyFor(url: string | URL): URL | undefined {
  const proxy = getProxyUrl(new URL(url));
  return proxy?.hostname ? proxy : undefined;
}

/** Whether any proxy variable is set (otherwise clients keep their defaults untouched). */
export function proxyConfigured(env: NodeJS.ProcessEnv): boolean {
  return ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((name) => !!env[name]);
}

/** `Basic …` for credentials in the proxy URL (as @actions/http-client sends them). */
function basic(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined;
  return `Basic ${Buffer.from(`${proxy.username}:${proxy.password}`).toString('base64')}`;
}

const dispatchers = new Map<string, ProxyAgent>();

/** `fetch`, through the proxy the environment names for each URL (a CONNECT tunnel). */
export const proxyFetch: typeof fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const proxy = proxyFor(url);
  if (!proxy) return fetch(input, init);
  // undici is loaded only for a request that goes through a proxy (it is large; see bundle.mjs).
  const { ProxyAgent, fetch: undiciFetch } = await import('undici');
  let dispatcher = dispatchers.get(proxy.href);
  if (!dispatcher) {
    const token = basic(proxy);
    dispatcher = new ProxyAgent({ uri: proxy.href, ...(token ? { token } : {}) });
    dispatchers.set(proxy.href, dispatcher);
  }
  // undici's own fetch: the dispatcher must come from the same undici as the fetch that uses it.
  const response = await undiciFetch(url, {
    ...(init as Parameters<typeof undiciFetch>[1]),
    dispatcher,
  });
  return response as unknown as Response;
};
