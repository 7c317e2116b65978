/**
 * GET / and the console's page paths: the single-page app's files, under a strict
 * Content-Security-Policy (scripts, styles and connections from this origin only; no inline code,
 * no framing). Paths the app routes itself (/deployments/dep_…) all answer index.html.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Asset } from './console-assets.js';

export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Client-side routes of the app (dispatcher/console/src/routes.ts). */
export const PAGE_PATHS = [
  '/',
  '/deployments',
  '/deployments/:id',
  '/projects',
  '/projects/:id',
  '/tokens',
  '/audit',
  '/members',
  '/sign-in',
];

export const securityHeaders = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

function send(request: FastifyRequest, reply: FastifyReply, asset: Asset): FastifyReply {
  const gzip = asset.gzip && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  void reply
    .headers(securityHeaders)
    .header('content-type', asset.type)
    .header('vary', 'accept-encoding')
    .header('cache-control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  if (gzip) void reply.header('content-encoding', 'gzip');
  return reply.send(gzip ? asset.gzip : asset.body);
}

export function consolePages(app: FastifyInstance, assets: ReadonlyMap<string, Asset>): void {
  const index = assets.get('/index.html');
  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!index)
      return reply
        .code(503)
        .headers(securityHeaders)
        .type('text/plain; charset=utf-8')
        .send(
          'The web console is not built: run `npm run build` (it builds build/console from dispatcher/console), then start the dispatcher again.',
        );
    return send(request, reply, index);
  };
  for (const url of PAGE_PATHS) app.get(url, { schema: { hide: true } }, page);
  for (const [url, asset] of assets)
    if (url !== '/index.html')
      app.get(url, { schema: { hide: true } }, (request, reply) => send(request, reply, asset));
}
