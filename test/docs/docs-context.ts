/**
 * The real context the documentation is checked against: package.json, the variables the
 * dispatcher reads, the built `grape` CLI's help, the OpenAPI document of an in-process
 * dispatcher, the workflows, action.yml, the InfraFacts schema, actionlint and terraform.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import YAML from 'yaml';
import { runCli } from '../../dispatcher/src/cli/program.js';
import { STATUSES } from '../../dispatcher/src/store/records.js';
import { openStore, type Store } from '../../dispatcher/src/store/store.js';
import { dispatcherOn } from '../dispatcher/helpers/dispatcher-fixture.js';
import { actionlint } from '../workflows/linters.js';
import type { ApiRoute, RunResult } from './check-shell.js';
import type { SnippetContext } from './check-snippet.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** README.md and docs/*.md, the documents whose blocks are checked. */
export function documentFiles(): string[] {
  return [
    'README.md',
    ...readdirSync(path.join(repoRoot, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .sort()
      .map((f) => `docs/${f}`),
  ];
}

/** Names passed to `get('…')`, `int('…')`, `url('…')` or read as `env['…']` in the dispatcher's configuration and CLI. */
export function dispatcherEnvNames(): Set<string> {
  const dir = path.join(repoRoot, 'dispatcher', 'src');
  const files = [
    path.join(dir, 'config.ts'),
    ...readdirSync(path.join(dir, 'config')).map((f) => path.join(dir, 'config', f)),
    ...readdirSync(path.join(dir, 'cli')).map((f) => path.join(dir, 'cli', f)),
  ];
  const names = new Set<string>();
  for (const file of files)
    for (const m of readFileSync(file, 'utf8').matchAll(
      /(?:\b(?:get|int|url)\(\s*|env\[)'([A-Z][A-Z0-9_]+)'/g,
    ))
      names.add(m[1]!);
  return names;
}

const run = (argv: readonly string[], timeoutMs = 60_000): Promise<RunResult> =>
  new Promise((resolve) => {
    execFile(
      argv[0]!,
      argv.slice(1),
      { cwd: repoRoot, timeout: timeoutMs, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          output: `${stdout}${stderr}`,
        }),
    );
  });

/** `npm run build` (bin/grape.js runs build/). */
export async function buildCli(): Promise<void> {
  const result = await run(['npm', 'run', 'build'], 240_000);
  if (result.code !== 0) throw new Error(`npm run build failed:\n${result.output}`);
}

export interface DocsContext extends SnippetContext {
  close(): Promise<void>;
}

/** Everything real; `grape` admin commands share one in-memory database, in document order. */
export async function createDocsContext(): Promise<DocsContext> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'grape-docs-'));
  const store = await openStore({ kind: 'pglite', dataDir: undefined });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  // A GitHub-executor configuration: enough to build the app; nothing here calls GitHub.
  const env = {
    GITHUB_APP_ID: '123456',
    GITHUB_APP_PRIVATE_KEY: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    GITHUB_WEBHOOK_SECRET: 'docs-test-secret-0123456789',
    GRAPE_RUNNER_REPO: 'acme/grape-runner',
    GRAPE_PUBLIC_URL: 'https://grape.example.com',
    GRAPE_DATA_DIR: dataDir,
  };
  const dispatcher = await dispatcherOn(env, store);
  const openapi = (await dispatcher.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
    paths: Record<string, Record<string, OpenApiOperation>>;
  };
  const routes = Object.entries(openapi.paths).map(([template, operations]) => ({
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    operations,
  }));
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  const factsSchema = ajv.compile(
    JSON.parse(
      readFileSync(path.join(repoRoot, 'schemas', 'infra-facts.schema.json'), 'utf8'),
    ) as object,
  );
  const action = YAML.parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as {
    inputs: Record<string, unknown>;
  };
  const helpCache = new Map<string, Promise<string | undefined>>();
  const shared: Store = { ...store, close: async () => undefined };

  return {
    repoRoot,
    scripts: (
      JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts,
    envNames: dispatcherEnvNames(),
    grapeHelp(commandPath) {
      const key = commandPath.join(' ');
      if (!helpCache.has(key))
        helpCache.set(
          key,
          run(['node', 'bin/grape.js', ...commandPath, '--help']).then((r) =>
            r.code === 0 ? r.output : undefined,
          ),
        );
      return helpCache.get(key)!;
    },
    findRoute(method, urlPath) {
      if (method === 'GET' && urlPath === '/openapi.json')
        return { requestSchema: undefined, responseSchema: undefined };
      const route = routes.find((r) => r.pattern.test(urlPath));
      const operation = route?.operations[method.toLowerCase()];
      if (!operation) return undefined;
      return routeOf(operation);
    },
    validateBody(schema, body) {
      const validate = ajv.compile(schema);
      return validate(body)
        ? []
        : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
    },
    workflows: loadWorkflows(),
    runner: {
      exec: (argv) => run(argv),
      async grape(args, env) {
        const lines: string[] = [];
        const code = await runCli(args, {
          version: '0.0.0-docs',
          out: (l) => void lines.push(l),
          err: (l) => void lines.push(l),
          // Admin commands lock this test's own data dir, never the checkout's .grape.
          env: { GRAPE_DATA_DIR: dataDir, ...env },
          fetch,
          sleep: async () => undefined,
          openStore: async () => shared,
          serve: async () => undefined,
        });
        return { code, output: lines.join('\n') };
      },
    },
    actionlint,
    validateFacts: (doc) =>
      factsSchema(doc)
        ? []
        : (factsSchema.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`),
    actionInputs: new Set(Object.keys(action.inputs)),
    statuses: STATUSES,
    terraform: process.env['GRAPE_TEST_TERRAFORM'] ?? 'terraform',
    async close() {
      await dispatcher.app.close();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

interface OpenApiOperation {
  requestBody?: { content?: Record<string, { schema?: object }> };
  responses?: Record<string, { content?: Record<string, { schema?: object }> }>;
}

function routeOf(operation: OpenApiOperation): ApiRoute {
  const ok =
    operation.responses?.['200'] ?? operation.responses?.['201'] ?? operation.responses?.['202'];
  return {
    requestSchema: operation.requestBody?.content?.['application/json']?.schema,
    responseSchema: ok?.content?.['application/json']?.schema,
  };
}

function loadWorkflows(): Map<string, { text: string; doc: unknown }> {
  const map = new Map<string, { text: string; doc: unknown }>();
  for (const dir of ['workflows', 'workflows/examples', '.github/workflows']) {
    const full = path.join(repoRoot, dir);
    if (!existsSync(full)) continue;
    for (const file of readdirSync(full)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()) {
      if (map.has(file)) continue;
      const text = readFileSync(path.join(full, file), 'utf8');
      map.set(file, { text, doc: YAML.parse(text) as unknown });
    }
  }
  return map;
}
