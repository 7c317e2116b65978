/**
 * A loopback forward proxy, like the one in front of a self-hosted runner: CONNECT tunnels (what
 * @actions/http-client, undici's ProxyAgent and https-proxy-agent send) and absolute-form requests
 * (what Go's net/http, i.e. terraform, sends for an http:// URL). It counts both, by target host.
 *
 * The targets are named `<name>.grape.test`: `.test` is reserved (RFC 6761) and resolves
 * nowhere, and http-client sends a loopback name (localhost, 127.*) direct whatever the proxy
 * settings say. A client can only reach `x.grape.test:<port>` through this proxy, which alone
 * maps it to 127.0.0.1:<port> — so a request that arrives went through the proxy, and a client
 * that ignored the proxy fails to resolve the name instead of silently going direct.
 */
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { listenOnLoopback, type LoopbackServer } from './http-server.js';

export const PROXIED_DOMAIN = 'grape.test';

export interface ProxyStandIn extends LoopbackServer {
  /** `host:port` of every CONNECT tunnel opened, in order. */
  readonly tunnels: string[];
  /** `METHOD http://host:port/path` of every absolute-form request forwarded. */
  readonly forwarded: string[];
  /** Targets refused (not under PROXIED_DOMAIN). */
  readonly refused: string[];
  /** `http://<name>.grape.test:<port>` for a loopback URL: only reachable through this proxy. */
  viaProxy(loopbackUrl: string, name: string): string;
}

function target(hostPort: string): { host: string; port: number } | undefined {
  const match = /^([a-z0-9.-]+):(\d+)$/i.exec(hostPort);
  if (!match || !match[1]!.toLowerCase().endsWith(`.${PROXIED_DOMAIN}`)) return undefined;
  return { host: '127.0.0.1', port: Number(match[2]) };
}

export async function startConnectProxy(): Promise<ProxyStandIn> {
  const tunnels: string[] = [];
  const forwarded: string[] = [];
  const refused: string[] = [];
  const sockets = new Set<Socket>();
  const server = await listenOnLoopback((req, res) => {
    // Absolute-form: `GET http://s3.grape.test:1234/bucket/key HTTP/1.1`.
    let url: URL;
    try {
      url = new URL(req.url ?? '');
    } catch {
      return void res.writeHead(400).end('absolute-form requests only');
    }
    const to = target(url.host);
    if (!to) {
      refused.push(url.host);
      return void res.writeHead(502).end('unknown host');
    }
    forwarded.push(`${req.method} ${url.href}`);
    const upstream = httpRequest(
      {
        host: to.host,
        port: to.port,
        method: req.method,
        path: url.pathname + url.search,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.server.on('connect', (req, client: Socket, head: Buffer) => {
    const to = target(req.url ?? '');
    if (!to) {
      refused.push(req.url ?? '');
      return void client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    }
    tunnels.push(req.url!);
    const upstream = connect(to.port, to.host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
  });
  return {
    url: server.url,
    port: server.port,
    tunnels,
    forwarded,
    refused,
    viaProxy: (loopbackUrl, name) => {
      const url = new URL(loopbackUrl);
      url.hostname = `${name}.${PROXIED_DOMAIN}`;
      return url.href.replace(/\/$/, loopbackUrl.endsWith('/') ? '/' : '');
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await server.close();
    },
  };
}
