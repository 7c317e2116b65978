/**
 * The AWS SDK's side of the runner's proxy (see proxy.ts for the rules): an http(s).Agent that
 * opens, per connection, a CONNECT tunnel through the proxy the environment names for that host,
 * or a direct connection. Loaded with the AWS SDK clients only.
 */
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { Agent, type AgentConnectOpts } from 'agent-base';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { proxyConfigured, proxyFor } from './proxy.js';

/**
 * An http(s).Agent for clients that take one (the AWS SDK's NodeHttpHandler): per connection,
 * a CONNECT tunnel through the proxy the environment names for that host, or a direct one.
 */
class RunnerProxyAgent extends Agent {
  private readonly tunnels = new Map<string, HttpsProxyAgent<string>>();

  override connect(_request: http.ClientRequest, options: AgentConnectOpts): http.Agent | Duplex {
    const scheme = options.secureEndpoint ? 'https' : 'http';
    const host = options.host?.includes(':') ? `[${options.host}]` : options.host;
    const proxy = proxyFor(`${scheme}://${host}:${options.port}`);
    if (!proxy) return options.secureEndpoint ? https.globalAgent : http.globalAgent;
    let tunnel = this.tunnels.get(proxy.href);
    if (!tunnel) {
      tunnel = new HttpsProxyAgent(proxy.href);
      this.tunnels.set(proxy.href, tunnel);
    }
    return tunnel;
  }
}

/**
 * `requestHandler` options for an AWS SDK v3 client: the proxy-aware agent when a proxy is
 * configured, nothing otherwise (the SDK's defaults).
 */
export function awsProxyOptions(
  env: NodeJS.ProcessEnv,
): { requestHandler: { httpAgent: http.Agent; httpsAgent: https.Agent } } | Record<string, never> {
  if (!proxyConfigured(env)) return {};
  const agent = new RunnerProxyAgent();
  return { requestHandler: { httpAgent: agent, httpsAgent: agent as unknown as https.Agent } };
}
