/**
 * A loopback stand-in for the Actions cache service v2, the protocol @actions/cache 6 speaks when
 * the runner sets ACTIONS_CACHE_SERVICE_V2 (actions/toolkit packages/cache/src/cache.ts,
 * restoreCacheV2 / saveCacheV2; internal/shared/cacheTwirpClient.ts): Twirp JSON calls under
 * `<ACTIONS_RESULTS_URL>/twirp/github.actions.results.api.v1.CacheService/<Method>` with proto
 * field names (generated/results/api/v1/cache.ts), authenticated by ACTIONS_RUNTIME_TOKEN; the
 * archive goes to a signed URL with the Azure Blob SDK (a single-shot Put Blob below 128 MiB,
 * internal/uploadUtils.ts) and comes back with a plain GET (internal/cacheHttpClient.ts, for a
 * host other than *.blob.core.windows.net).
 *
 * An entry is found, as on GitHub, by key (or a restore-key prefix) AND version: the version the
 * client computes from the cached paths. `versionFor` computes it the way the toolkit does, so
 * tests can check the client's version is a function of the paths alone.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback, readBody, type LoopbackServer } from './http-server.js';

const SERVICE = '/twirp/github.actions.results.api.v1.CacheService/';

export interface CacheEntry {
  readonly id: number;
  readonly key: string;
  readonly version: string;
  body: Buffer | undefined;
  finalized: boolean;
}

export interface CacheCall {
  readonly method: string;
  readonly key: string;
  readonly version: string;
  /** For lookups: whether an entry matched. */
  readonly hit?: boolean;
}

export interface CacheServiceStandIn extends LoopbackServer {
  readonly token: string;
  readonly entries: CacheEntry[];
  readonly calls: CacheCall[];
  /** The env the runner gives a step for cache service v2. */
  readonly env: Record<string, string>;
}

/**
 * The version @actions/cache sends for `paths` (actions/toolkit
 * packages/cache/src/internal/cacheUtils.ts, getCacheVersion): sha256 of the paths, the
 * compression method, `windows-only` on Windows without cross-OS archives, and the salt `1.0`,
 * joined with `|`.
 */
export function versionFor(paths: readonly string[], compression: string | undefined): string {
  const components = [...paths];
  if (compression) components.push(compression);
  if (process.platform === 'win32') components.push('windows-only');
  components.push('1.0');
  return createHash('sha256').update(components.join('|')).digest('hex');
}

export async function startCacheService(): Promise<CacheServiceStandIn> {
  const token = `runtime-${randomBytes(8).toString('hex')}`;
  const entries: CacheEntry[] = [];
  const calls: CacheCall[] = [];
  let base = '';

  const json = (res: ServerResponse, status: number, body: object): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const blobPath = (id: number) => `/devstoreaccount1/actions-cache/${id}`;

  const twirp = async (method: string, req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.authorization !== `Bearer ${token}`)
      return json(res, 401, { code: 'unauthenticated', msg: 'bad runtime token' });
    const body = JSON.parse((await readBody(req)).toString('utf8')) as Record<string, unknown>;
    const key = String(body['key'] ?? '');
    const version = String(body['version'] ?? '');
    switch (method) {
      case 'GetCacheEntryDownloadURL': {
        const restoreKeys = (body['restore_keys'] as string[] | undefined) ?? [];
        const usable = entries.filter((e) => e.finalized && e.version === version).reverse();
        const match =
          usable.find((e) => e.key === key) ??
          restoreKeys.map((k) => usable.find((e) => e.key.startsWith(k))).find(Boolean);
        calls.push({ method, key, version, hit: match !== undefined });
        if (!match) return json(res, 200, { ok: false, signed_download_url: '', matched_key: '' });
        return json(res, 200, {
          ok: true,
          signed_download_url: `${base}${blobPath(match.id)}?sig=read`,
          matched_key: match.key,
        });
      }
      case 'CreateCacheEntry': {
        calls.push({ method, key, version });
        if (entries.some((e) => e.key === key && e.version === version))
          return json(res, 409, { code: 'already_exists', msg: 'cache entry already exists' });
        const entry: CacheEntry = {
          id: entries.length + 1,
          key,
          version,
          body: undefined,
          finalized: false,
        };
        entries.push(entry);
        return json(res, 200, {
          ok: true,
          signed_upload_url: `${base}${blobPath(entry.id)}?sig=write`,
        });
      }
      case 'FinalizeCacheEntryUpload': {
        calls.push({ method, key, version });
        const entry = entries.find((e) => e.key === key && e.version === version && !e.finalized);
        if (!entry?.body || String(entry.body.length) !== String(body['size_bytes']))
          return json(res, 200, { ok: false, entry_id: '0', message: 'no matching upload' });
        entry.finalized = true;
        return json(res, 200, { ok: true, entry_id: String(entry.id) });
      }
      default:
        return json(res, 404, { code: 'bad_route', msg: `no method ${method}` });
    }
  };

  const blob = async (id: number, req: IncomingMessage, res: ServerResponse) => {
    const entry = entries.find((e) => e.id === id);
    const url = new URL(req.url ?? '/', base);
    if (!entry) return res.writeHead(404).end();
    if (req.method === 'PUT') {
      // Single-shot Put Blob only: the block protocol (comp=block) serves archives over 128 MiB.
      if (url.searchParams.get('sig') !== 'write' || url.searchParams.has('comp'))
        return res.writeHead(400).end();
      entry.body = await readBody(req, 512 << 20);
      return res
        .writeHead(201, {
          etag: `"0x${entry.id}"`,
          'last-modified': new Date().toUTCString(),
          'x-ms-request-id': String(entry.id),
          'x-ms-version': '2025-05-05',
          'x-ms-request-server-encrypted': 'true',
        })
        .end();
    }
    if (req.method === 'GET' && entry.finalized && url.searchParams.get('sig') === 'read') {
      return res
        .writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': String(entry.body!.length),
        })
        .end(entry.body);
    }
    return res.writeHead(403).end();
  };

  const server = await listenOnLoopback((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const handled = pathname.startsWith(SERVICE)
      ? twirp(pathname.slice(SERVICE.length), req, res)
      : /^\/devstoreaccount1\/actions-cache\/(\d+)$/.test(pathname)
        ? blob(Number(pathname.split('/').pop()), req, res)
        : Promise.resolve(void res.writeHead(404).end());
    handled.catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  base = server.url;
  return {
    url: server.url,
    port: server.port,
    close: server.close,
    token,
    entries,
    calls,
    env: {
      ACTIONS_CACHE_SERVICE_V2: 'true',
      ACTIONS_RESULTS_URL: `${server.url}/`,
      ACTIONS_RUNTIME_TOKEN: token,
    },
  };
}
