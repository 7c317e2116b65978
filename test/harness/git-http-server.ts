/**
 * Real git over HTTP on loopback: `git http-backend` (CGI) behind a tiny node server that demands
 * `Authorization: Basic …` and records every request, so tests can prove where the token travels.
 */
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { listenOnLoopback, type LoopbackServer } from './http-server.js';

export interface GitHttpServer extends LoopbackServer {
  /** URL of a repository under the served root: `<url>/<name>`. */
  repoUrl(name: string): string;
  readonly requests: Array<{ readonly url: string; readonly authorization: string | undefined }>;
}

export async function startGitHttpServer(
  root: string,
  expected: { user: string; token: string },
): Promise<GitHttpServer> {
  const backend = path.join(
    execFileSync('git', ['--exec-path'], { encoding: 'utf8' }).trim(),
    'git-http-backend',
  );
  const wanted = `Basic ${Buffer.from(`${expected.user}:${expected.token}`).toString('base64')}`;
  const requests: GitHttpServer['requests'] = [];
  const server = await listenOnLoopback((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push({ url: request.url ?? '', authorization: request.headers.authorization });
    if (request.headers.authorization !== wanted) {
      response.writeHead(401, { 'www-authenticate': 'Basic realm="grape-test"' });
      response.end('authentication required\n');
      return;
    }
    const cgi = spawn(backend, [], {
      env: {
        PATH: process.env['PATH'],
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        REQUEST_METHOD: request.method ?? 'GET',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: request.headers['content-type'] ?? '',
        HTTP_CONTENT_ENCODING: request.headers['content-encoding'] ?? '',
        GIT_PROTOCOL: String(request.headers['git-protocol'] ?? ''),
        REMOTE_USER: expected.user,
        REMOTE_ADDR: '127.0.0.1',
      },
    });
    request.pipe(cgi.stdin);
    const chunks: Buffer[] = [];
    cgi.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    cgi.on('close', () => {
      const output = Buffer.concat(chunks);
      let split = output.indexOf('\r\n\r\n');
      let gap = 4;
      if (split === -1) {
        split = output.indexOf('\n\n');
        gap = 2;
      }
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of output.subarray(0, split).toString('latin1').split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon === -1) continue;
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else headers[name] = value;
      }
      response.writeHead(status, headers);
      response.end(output.subarray(split + gap));
    });
  });
  return { ...server, requests, repoUrl: (name) => `${server.url}/${name}` };
}
