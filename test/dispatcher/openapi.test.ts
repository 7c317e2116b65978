/**
 * The API's description: /openapi.json lints clean with Redocly's recommended rules (redocly.yaml;
 * the justified exceptions in .redocly.lint-ignore.yaml), for a dispatcher with every route (the
 * GitHub executor) and for the `npm start` default (the local executor); and /docs, the browsable
 * reference, is served from this origin only, under a strict Content-Security-Policy.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { DOCS_CSP } from '../../dispatcher/src/app.js';
import { pglite, type TestStore } from './helpers/backends.js';
import {
  dispatcherOn,
  startDispatcher,
  startEnvironment,
  type Environment,
  type TestDispatcher,
} from './helpers/dispatcher-fixture.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

let environment: Environment;
let stores: TestStore[] = [];
let github: TestDispatcher;
let local: FastifyInstance;
let localDataDir: string;

beforeAll(async () => {
  environment = await startEnvironment();
  stores = [await pglite.open(environment.clock), await pglite.open(environment.clock)];
  github = await startDispatcher(environment, stores[0]!);
  localDataDir = await mkdtemp(path.join(tmpdir(), 'grape-openapi-'));
  local = (
    await dispatcherOn(
      { PATH: process.env['PATH'] ?? '', GRAPE_DATA_DIR: localDataDir, GRAPE_EXECUTOR: 'local' },
      stores[1]!,
    )
  ).app;
});
afterAll(async () => {
  await github?.app.close();
  await local?.close();
  await Promise.all(stores.map((s) => s.close()));
  await environment?.close();
  await rm(localDataDir, { recursive: true, force: true });
});

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
}

/** `redocly lint --format=json` on the document, as written to build/<name>; no network. */
async function lint(app: FastifyInstance, name: string): Promise<LintReport> {
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).body;
  await mkdir(path.join(root, 'build'), { recursive: true });
  await writeFile(path.join(root, 'build', name), doc);
  const cli = path.join(root, 'node_modules/@redocly/cli/bin/cli.js');
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(
      process.execPath,
      [cli, 'lint', `build/${name}`, '--format=json', '--config=redocly.yaml'],
      {
        cwd: root,
        timeout: 120_000,
        env: {
          ...process.env,
          REDOCLY_TELEMETRY: 'off',
          REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
        },
      },
      // Exit 1 when there are errors: the report says which.
      (error, out, err) => (out ? resolve(out) : reject(error ?? new Error(err))),
    ),
  );
  return JSON.parse(stdout.slice(stdout.indexOf('{'))) as LintReport;
}

const found = (report: LintReport) =>
  report.problems.map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);

describe('GET /openapi.json', () => {
  it.each([
    ['with every route (GitHub executor)', 'openapi-github.json', () => github.app],
    ['of the npm start default (local executor)', 'openapi-local.json', () => local],
  ])(
    'lints clean with Redocly, %s: no error, no warning beyond the justified exceptions',
    async (_case, name, app) => {
      const report = await lint(app(), name);
      expect(found(report)).toEqual([]);
      expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 4 });
    },
    120_000,
  );

  it('names each operation, says who may call it, and describes each response', async () => {
    const doc = (await github.request({ method: 'GET', url: '/openapi.json' })).json() as {
      servers: { url: string }[];
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(doc.servers).toEqual([
      { url: 'https://grape.test', description: 'This dispatcher (GRAPE_PUBLIC_URL)' },
    ]);
    const operations = Object.values(doc.paths).flatMap((p) => Object.values(p));
    for (const op of operations) {
      expect(op['operationId']).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op['security']).toBeDefined();
      for (const r of Object.values(op['responses'] as Record<string, { description: string }>))
        expect(r.description).not.toBe('Default Response');
    }
    expect(doc.paths['/healthz']!['get']!['security']).toEqual([]);
    expect(doc.paths['/v1/deployments']!['post']!['security']).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/v1/runs/report']!['post']!['security']).toEqual([{ githubOidc: [] }]);
  });
});

describe('GET /docs, the API reference page', () => {
  it('is an HTML page whose scripts and styles all come from this origin, under a strict CSP', async () => {
    const page = await local.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(DOCS_CSP);
    expect(DOCS_CSP).toContain("script-src 'self';");
    expect(page.body).not.toMatch(/<script>|<style>|\son\w+=/);
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toEqual(
      expect.arrayContaining([
        './static/swagger-ui-bundle.js',
        './static/swagger-initializer.js',
        './static/swagger-ui.css',
      ]),
    );
    for (const asset of assets) {
      expect(asset).toMatch(/^\.\/static\//);
      const res = await local.inject({ method: 'GET', url: `/docs/${asset.slice(2)}` });
      expect([asset, res.statusCode]).toEqual([asset, 200]);
    }
  });

  it('shows this dispatcher’s document', async () => {
    const shown = await local.inject({ method: 'GET', url: '/docs/json' });
    const served = await local.inject({ method: 'GET', url: '/openapi.json' });
    expect(shown.json()).toEqual(served.json());
    const init = await local.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
    expect(init.body).toContain("resolveUrl('./json')");
    expect(init.body).not.toMatch(/https?:\/\/(?!stackoverflow)/);
  });
});
