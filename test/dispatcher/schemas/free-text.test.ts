/**
 * Every string field of every request refuses control characters (NUL included) and lone
 * surrogates with a 400 naming the field — never a 500. Generated from /openapi.json: each string
 * field (object properties, record keys and values, array items, union branches) of each request
 * body, and each string path or query parameter, gets the bad values in an otherwise valid request.
 */
import { describeEachBackend, type TestStore } from '../helpers/backends.js';
import {
  seedTenant,
  startDispatcher,
  startEnvironment,
  type Environment,
  type Tenant,
  type TestDispatcher,
} from '../helpers/dispatcher-fixture.js';

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  patternProperties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
};
type Path = (string | number)[];
interface Field {
  readonly path: Path;
  /** `key`: the record key at `path` is the bad value; `value`: the value at `path` is. */
  readonly kind: 'value' | 'key';
}

const ID = 'dep_00000000000000000000';
/** A valid body for each operation; a new operation with a body must be added here. */
const baseBodies: Record<string, Record<string, unknown>> = {
  'post /v1/deployments': {
    project: 'network',
    environment: 'dev',
    operation: 'plan',
    ref: 'main',
    variables: { region: 'eu-west-1' },
  },
  'post /v1/projects': {
    name: 'fresh',
    source: { repository: 'acme/infra', ref: 'main', path: 'stacks/x' },
    roleArn: 'arn:aws:iam::222222222222:role/grape-deploy',
    region: 'eu-west-1',
    sessionDurationSeconds: 3600,
    backend: {
      bucket: 'acme-tfstate',
      keyPrefix: 'grape',
      region: 'eu-west-1',
      kmsKeyId: 'alias/x',
    },
    facts: { repository: 'acme/gitops', branch: 'main', path: 'facts/x.yaml', format: 'yaml' },
    protectedEnvironments: ['prod'],
  },
  'post /v1/tokens': { name: 'ci', role: 'viewer', projects: ['network'], environments: ['dev'] },
  'post /v1/deployments/{id}/cancel': { reason: 'no longer needed' },
  'post /v1/members': { kind: 'user', name: 'octocat', role: 'viewer' },
  'post /v1/runs/log': { deploymentId: ID, seq: 1, text: 'Plan: 1 to add.\n' },
  'post /v1/notifications/hooks': {
    url: 'https://hooks.example.com/grape',
    events: ['deployment.failed'],
    format: 'json',
  },
  'post /v1/drift-schedules': {
    project: 'network',
    environment: 'prod',
    cron: '0 3 * * *',
    timeZone: 'Europe/Paris',
  },
  'post /v1/runs/report': {
    v: 1,
    deploymentId: ID,
    status: 'failed',
    plan: {
      sha256: 'a'.repeat(64),
      hasChanges: true,
      summary: { create: 1 },
      resources: [{ address: 'aws_vpc.main', action: 'create' }],
      resourcesOmitted: 0,
    },
    factsCommit: 'b'.repeat(40),
    outputs: ['vpc_id'],
    error: 'terraform failed',
  },
};

const BAD = [
  ['NUL', 'a\u0000b', /contains a control character \(U\+0000\) at index 1/],
  ['ESC', 'a\u001bb', /contains a control character \(U\+001B\) at index 1/],
  ['a lone high surrogate', 'a\ud800b', /contains a lone surrogate \(U\+D800\) at index 1/],
  ['a lone low surrogate', 'a\udc00', /contains a lone surrogate \(U\+DC00\) at index 1/],
] as const;

function stringFields(schema: Schema, base: unknown, path: Path = []): Field[] {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return branches.flatMap((b) => stringFields(b, base, path));
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('string')) return [{ path, kind: 'value' }];
  if (types.includes('array') && schema.items)
    return stringFields(schema.items, (base as unknown[] | undefined)?.[0], [...path, 0]);
  if (!types.includes('object')) return [];
  const record = (base ?? {}) as Record<string, unknown>;
  const fields: Field[] = [];
  for (const [name, sub] of Object.entries(schema.properties ?? {}))
    fields.push(...stringFields(sub, record[name], [...path, name]));
  for (const sub of Object.values(schema.patternProperties ?? {})) {
    const key = Object.keys(record)[0] ?? 'k';
    fields.push({ path, kind: 'key' }, ...stringFields(sub, record[key], [...path, key]));
  }
  return fields;
}

function withBad(base: Record<string, unknown>, field: Field, bad: string): unknown {
  const body = structuredClone(base);
  let node = body as Record<string | number, unknown>;
  for (const step of field.path.slice(0, field.kind === 'key' ? undefined : -1)) {
    node[step] ??= typeof step === 'number' ? [] : {};
    node = node[step] as Record<string | number, unknown>;
  }
  if (field.kind === 'key') node[bad] = 'v';
  else node[field.path.at(-1)!] = bad;
  return body;
}

describeEachBackend('control characters and lone surrogates', (backend) => {
  let environment: Environment;
  let store: TestStore;
  let grape: TestDispatcher;
  let acme: Tenant;
  let doc: { paths: Record<string, Record<string, Record<string, unknown>>> };

  beforeAll(async () => {
    environment = await startEnvironment();
    store = await backend.open(environment.clock);
    grape = await startDispatcher(environment, store);
    acme = await seedTenant(store, 'acme');
    doc = (await grape.request({ method: 'GET', url: '/openapi.json' })).json();
  });
  afterAll(async () => {
    await grape.app.close();
    await store.close();
    await environment.close();
  });

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ method, path, op })),
    );
  const bodySchema = (op: Record<string, unknown>): Schema | undefined =>
    (op['requestBody'] as { content?: Record<string, { schema: Schema }> } | undefined)?.content?.[
      'application/json'
    ]?.schema;

  it('has a valid base body for every operation whose body has string fields', () => {
    const missing = operations()
      .filter(({ op }) => {
        const schema = bodySchema(op);
        return schema !== undefined && stringFields(schema, undefined).length > 0;
      })
      .map(({ method, path }) => `${method} ${path}`)
      .filter((key) => !(key in baseBodies));
    expect(missing).toEqual([]);
  });

  it('refuses every bad value in every string field of every body with a 400 naming it', async () => {
    let checked = 0;
    const failures: string[] = [];
    for (const { method, path, op } of operations()) {
      const schema = bodySchema(op);
      const base = baseBodies[`${method} ${path}`];
      if (!schema || !base) continue;
      const url = path.replace('{id}', ID);
      for (const field of stringFields(schema, base)) {
        for (const [name, bad, message] of BAD) {
          const res = await grape.request({
            method: method.toUpperCase() as 'POST',
            url,
            token: acme.admin,
            payload: withBad(base, field, bad) as Record<string, unknown>,
          });
          checked++;
          const where = ['body', ...field.path].join('.');
          const problems = (res.json().problems ?? []) as { field: string; problem: string }[];
          const named =
            field.kind === 'key'
              ? problems.some((p) => p.field === `${where}.${bad}`)
              : problems.some((p) => p.field === where && message.test(p.problem)) ||
                // A field with a stricter pattern or a fixed set of values says so instead.
                problems.some((p) => p.field === where);
          if (res.statusCode !== 400 || !named)
            failures.push(
              `${method} ${path} ${where} (${field.kind}) with ${name}: ${res.statusCode} ${res.body}`,
            );
        }
      }
    }
    expect(failures).toEqual([]);
    // Every body's string fields, four bad values each: at least the fields named in the issue.
    expect(checked).toBeGreaterThan(100);
  });

  it.each([
    ['deployment ref', 'post /v1/deployments', ['ref']],
    ['a variable value', 'post /v1/deployments', ['variables', 'region']],
    ['project source.ref', 'post /v1/projects', ['source', 'ref']],
    ['backend.kmsKeyId', 'post /v1/projects', ['backend', 'kmsKeyId']],
    ['facts.branch', 'post /v1/projects', ['facts', 'branch']],
    ['facts.path', 'post /v1/projects', ['facts', 'path']],
    ['cancel reason', 'post /v1/deployments/{id}/cancel', ['reason']],
    ["a report's error", 'post /v1/runs/report', ['error']],
  ])('%s says which character and where', async (_name, key, path) => {
    const [method, route] = key.split(' ') as [string, string];
    for (const [, bad, message] of BAD) {
      const res = await grape.request({
        method: method.toUpperCase() as 'POST',
        url: route.replace('{id}', ID),
        token: acme.admin,
        payload: withBad(baseBodies[key]!, { path, kind: 'value' }, bad) as Record<string, unknown>,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().problems).toContainEqual({
        field: ['body', ...path].join('.'),
        problem: expect.stringMatching(message),
        expected: 'text without control characters (NUL included) or lone surrogates',
      });
    }
  });

  it('takes tabs and line breaks in multi-line fields, and emoji anywhere', async () => {
    const res = await grape.request({
      method: 'POST',
      url: '/v1/deployments',
      token: acme.deployer,
      payload: {
        project: 'network',
        environment: 'dev',
        operation: 'plan',
        variables: { script: 'line 1\n\tline 2\r\n', label: 'café 🍇' },
      },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json().variables).toEqual({ script: 'line 1\n\tline 2\r\n', label: 'café 🍇' });
  });

  it('refuses NUL and control characters in every string path and query parameter', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const { method, path, op } of operations()) {
      const params = (op['parameters'] ?? []) as {
        in: string;
        name: string;
        schema?: Schema;
      }[];
      for (const param of params.filter((p) => ['path', 'query'].includes(p.in))) {
        if (param.schema?.type !== 'string') continue;
        for (const bad of ['%00', 'a%1B', '%C2%85']) {
          const url =
            param.in === 'path'
              ? path.replace(`{${param.name}}`, bad)
              : `${path.replace('{id}', ID)}?${param.name}=${bad}`;
          const res = await grape.request({
            method: method.toUpperCase() as 'GET',
            url,
            token: acme.admin,
          });
          checked++;
          const where = `${param.in === 'path' ? 'params' : 'querystring'}.${param.name}`;
          const named = ((res.json().problems ?? []) as { field: string }[]).some(
            (p) => p.field === where,
          );
          if (res.statusCode !== 400 || !named)
            failures.push(`${method} ${url}: ${res.statusCode} ${res.body}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(10);
  });
});
