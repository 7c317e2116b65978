/** The HTTP API through app.inject(): happy paths, odd inputs, tenancy, idempotency, queues. */
import { pglite, type TestStore } from '../helpers/backends.js';
import {
  projectBody,
  seedTenant,
  startDispatcher,
  startEnvironment,
  type Environment,
  type Tenant,
  type TestDispatcher,
} from '../helpers/dispatcher-fixture.js';

let environment: Environment;
let store: TestStore;
let grape: TestDispatcher;
let acme: Tenant;
let evil: Tenant;

beforeAll(async () => {
  environment = await startEnvironment();
  store = await pglite.open(environment.clock);
  grape = await startDispatcher(environment, store);
  acme = await seedTenant(store, 'acme');
  evil = await seedTenant(store, 'evil');
});
afterAll(async () => {
  await grape.app.close();
  await store.close();
  await environment.close();
});

const deploy = (
  token: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) => grape.request({ method: 'POST', url: '/v1/deployments', token, payload: body, headers });

describe('POST /v1/deployments', () => {
  it('queues the deployment and answers 202 with its id, status and links', async () => {
    const res = await deploy(acme.deployer, {
      project: 'network',
      environment: 'dev',
      operation: 'plan',
      variables: { size: 3 },
    });
    expect(res.statusCode).toBe(202);
    const body = res.json();
    expect(body).toMatchObject({
      status: 'queued',
      environment: 'dev',
      operation: 'plan',
      ref: 'main',
      queuePosition: 1,
      variables: { size: 3 },
      project: { name: 'network' },
    });
    expect(body.id).toMatch(/^dep_[0-9a-f]{20}$/);
    expect(body.links).toMatchObject({
      self: `/v1/deployments/${body.id}`,
      cancel: `/v1/deployments/${body.id}/cancel`,
    });
    expect(res.headers['location']).toBe(`/v1/deployments/${body.id}`);
    const [row] = await store.db.query<{ action: string; actor: string; request_id: string }>(
      'SELECT * FROM audit_events WHERE object_id = $1',
      [body.id],
    );
    expect(row).toMatchObject({
      action: 'deployment.create',
      request_id: res.headers['x-request-id'],
    });
  });

  it('returns the same deployment for the same Idempotency-Key and body', async () => {
    const body = { project: 'network', environment: 'idem', operation: 'apply' };
    const first = await deploy(acme.deployer, body, { 'idempotency-key': 'key-1' });
    const again = await deploy(
      acme.deployer,
      { ...body, ref: 'main', variables: {} },
      { 'idempotency-key': 'key-1' },
    );
    expect(again.statusCode).toBe(202);
    expect(again.json().id).toBe(first.json().id);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('answers 422 when the Idempotency-Key was used for another body', async () => {
    await deploy(
      acme.deployer,
      { project: 'network', environment: 'idem2', operation: 'apply' },
      { 'idempotency-key': 'key-2' },
    );
    const res = await deploy(
      acme.deployer,
      { project: 'network', environment: 'idem2', operation: 'destroy' },
      { 'idempotency-key': 'key-2' },
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().problems[0]).toMatchObject({ field: 'Idempotency-Key' });
  });

  it('keeps one key per tenant: another tenant may use the same key', async () => {
    const a = await deploy(
      acme.deployer,
      { project: 'network', environment: 'idem3', operation: 'plan' },
      { 'idempotency-key': 'shared' },
    );
    const b = await deploy(
      evil.deployer,
      { project: 'network', environment: 'idem3', operation: 'plan' },
      { 'idempotency-key': 'shared' },
    );
    expect(b.statusCode).toBe(202);
    expect(b.json().id).not.toBe(a.json().id);
  });

  it('queues later deployments of one environment behind the first, in order', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        (
          await deploy(acme.deployer, {
            project: 'network',
            environment: 'queue',
            operation: 'apply',
          })
        ).json(),
      );
    expect(ids.map((d) => d.queuePosition)).toEqual([1, 2, 3]);
  });

  it('refuses apply and destroy on a protected environment, naming the way to do it', async () => {
    const res = await deploy(acme.deployer, {
      project: 'network',
      environment: 'prod',
      operation: 'apply',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().problems[0]).toMatchObject({
      field: 'operation',
      expected: expect.stringContaining('approve'),
    });
  });

  describe('odd inputs', () => {
    it.each([
      [
        { project: 'network', environment: 'dev', operation: 'plan', extra: 1 },
        'body.extra',
        'is not a known field',
      ],
      [{ project: 'network', environment: 'dev' }, 'body.operation', 'is required'],
      [
        { project: 'network', environment: 'Prod!', operation: 'plan' },
        'body.environment',
        'must match pattern',
      ],
      [{ project: 'network', environment: 'dev', operation: 'deploy' }, 'body.operation', 'must'],
      [
        {
          project: 'network',
          environment: 'dev',
          operation: 'plan',
          variables: { 'bad name': 'x' },
        },
        'body.variables.bad name',
        'is not an accepted name',
      ],
      [
        {
          project: 'network',
          environment: 'dev',
          operation: 'plan',
          variables: { secret: { nested: true } },
        },
        'body.variables.secret',
        'must',
      ],
      [
        { project: 'network', environment: 'dev', operation: 'plan', ref: 'has space' },
        'body.ref',
        'must match pattern',
      ],
    ])('%j → 400 naming %s', async (body, field, problem) => {
      const res = await deploy(acme.deployer, body);
      expect(res.statusCode).toBe(400);
      const problems = res.json().problems as {
        field: string;
        problem: string;
        expected: string;
      }[];
      expect(problems.find((p) => p.field.startsWith(field))).toMatchObject({
        problem: expect.stringContaining(problem),
      });
      expect(problems[0]!.expected).toBeTruthy();
    });

    it('answers 413 for a body over the limit', async () => {
      const res = await deploy(acme.deployer, {
        project: 'network',
        environment: 'dev',
        operation: 'plan',
        variables: { big: 'x'.repeat(70_000) },
      });
      expect(res.statusCode).toBe(413);
    });

    it('answers 400 for a body that is not JSON', async () => {
      const res = await grape.request({
        method: 'POST',
        url: '/v1/deployments',
        token: acme.deployer,
        payload: '{not json',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBeDefined();
    });

    it('answers 404 for an unknown project', async () => {
      expect(
        (await deploy(acme.deployer, { project: 'nope', environment: 'dev', operation: 'plan' }))
          .statusCode,
      ).toBe(404);
    });
  });
});

describe('authentication and roles', () => {
  it('answers 401 with a challenge without a token, and with a wrong one', async () => {
    const none = await grape.request({ method: 'GET', url: '/v1/deployments' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="grape"');
    const wrong = await grape.request({
      method: 'GET',
      url: '/v1/deployments',
      token: `grape_${'0'.repeat(64)}`,
    });
    expect(wrong.statusCode).toBe(401);
  });

  it('answers 403 when a viewer asks for a deployment', async () => {
    const res = await deploy(acme.viewer, {
      project: 'network',
      environment: 'dev',
      operation: 'plan',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain("role is 'viewer'");
  });

  it('restricts a scoped token to its environments and projects', async () => {
    const created = await grape.request({
      method: 'POST',
      url: '/v1/tokens',
      token: acme.admin,
      payload: { name: 'dev-only', role: 'deployer', environments: ['dev'] },
    });
    expect(created.statusCode).toBe(201);
    const token = created.json().token as string;
    expect(
      (await deploy(token, { project: 'network', environment: 'dev', operation: 'plan' }))
        .statusCode,
    ).toBe(202);
    expect(
      (await deploy(token, { project: 'network', environment: 'staging', operation: 'plan' }))
        .statusCode,
    ).toBe(403);
    const other = await grape.request({
      method: 'POST',
      url: '/v1/tokens',
      token: acme.admin,
      payload: { name: 'other-project', role: 'deployer', projects: ['something-else'] },
    });
    expect(
      (
        await deploy(other.json().token, {
          project: 'network',
          environment: 'dev',
          operation: 'plan',
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe('tenancy: another tenant reads as absent (404, never 403)', () => {
  let depId: string;
  beforeAll(async () => {
    depId = (
      await deploy(acme.deployer, { project: 'network', environment: 'iso', operation: 'plan' })
    ).json().id;
  });
  it.each([
    ['GET', () => `/v1/deployments/${depId}`],
    ['POST', () => `/v1/deployments/${depId}/cancel`],
    ['POST', () => `/v1/deployments/${depId}/approve`],
    ['GET', () => `/v1/projects/${acme.project.id}`],
    ['GET', () => `/v1/projects/${acme.project.id}/bootstrap`],
  ])('%s %s', async (method, url) => {
    const res = await grape.request({ method: method as 'GET', url: url(), token: evil.admin });
    expect(res.statusCode).toBe(404);
  });
  it('lists none of them', async () => {
    const list = (
      await grape.request({ method: 'GET', url: '/v1/deployments', token: evil.admin })
    ).json();
    expect(list.items.map((d: { id: string }) => d.id)).not.toContain(depId);
    const audit = (
      await grape.request({ method: 'GET', url: '/v1/audit?limit=200', token: evil.admin })
    ).json();
    expect(JSON.stringify(audit)).not.toContain(depId);
    expect(JSON.stringify(audit)).not.toContain(acme.id);
  });
  it("cannot revoke another tenant's token", async () => {
    const tokens = (
      await grape.request({ method: 'GET', url: '/v1/tokens', token: acme.admin })
    ).json().items;
    const res = await grape.request({
      method: 'DELETE',
      url: `/v1/tokens/${tokens[0].id}`,
      token: evil.admin,
    });
    expect(res.statusCode).toBe(404);
  });
});

describe('GET /v1/deployments', () => {
  it('filters and pages with a cursor, newest first, without repeats', async () => {
    for (let i = 0; i < 5; i++)
      await deploy(acme.deployer, { project: 'network', environment: 'pages', operation: 'plan' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/deployments?environment=pages&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await grape.request({ method: 'GET', url, token: acme.viewer })).json();
      seen.push(...page.items.map((d: { id: string }) => d.id));
      cursor = page.next;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });
  it.each(['limit=0', 'limit=500', 'status=done', 'cursor=abc', 'colour=red'])(
    'refuses ?%s with 400',
    async (query) => {
      const res = await grape.request({
        method: 'GET',
        url: `/v1/deployments?${query}`,
        token: acme.viewer,
      });
      expect(res.statusCode).toBe(400);
    },
  );
});

describe('cancel', () => {
  it('cancels a queued deployment at once, and refuses a second time with 409', async () => {
    const id = (
      await deploy(acme.deployer, { project: 'network', environment: 'cancel', operation: 'plan' })
    ).json().id;
    const res = await grape.request({
      method: 'POST',
      url: `/v1/deployments/${id}/cancel`,
      token: acme.deployer,
    });
    expect(res.statusCode).toBe(202);
    expect(res.json().status).toBe('cancelled');
    expect(
      (
        await grape.request({
          method: 'POST',
          url: `/v1/deployments/${id}/cancel`,
          token: acme.deployer,
        })
      ).statusCode,
    ).toBe(409);
  });
});

describe('projects and tokens', () => {
  it('creates a project with a generated ExternalId and serves its bootstrap', async () => {
    const res = await grape.request({
      method: 'POST',
      url: '/v1/projects',
      token: acme.admin,
      payload: { ...projectBody, name: 'eks' },
    });
    expect(res.statusCode).toBe(201);
    const project = res.json();
    expect(project.externalId).toMatch(/^[\w+=,.@:/-]{40}$/);
    const boot = (
      await grape.request({ method: 'GET', url: `/v1/projects/eks/bootstrap`, token: acme.viewer })
    ).json();
    expect(boot.cloudFormation.quickCreateUrl).toBe(
      `https://console.aws.amazon.com/cloudformation/home?region=eu-west-1#/stacks/quickcreate?templateURL=${encodeURIComponent(grape.config.bootstrapTemplateUrl)}&stackName=grape-bootstrap&param_ExternalId=${encodeURIComponent(project.externalId)}&param_TrustedPrincipalArn=${encodeURIComponent('arn:aws:iam::111111111111:role/grape-runner')}`,
    );
    expect(boot.terraform.snippet).toContain(`external_id            = "${project.externalId}"`);
  });
  it('refuses a duplicate project name with 409 and a non-admin with 403', async () => {
    expect(
      (
        await grape.request({
          method: 'POST',
          url: '/v1/projects',
          token: acme.admin,
          payload: projectBody,
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await grape.request({
          method: 'POST',
          url: '/v1/projects',
          token: acme.deployer,
          payload: { ...projectBody, name: 'x' },
        })
      ).statusCode,
    ).toBe(403);
  });
  it.each([
    [{ ...projectBody, name: 'r1', roleArn: 'arn:aws:iam::12345:role/x' }, 'body.roleArn'],
    [{ ...projectBody, name: 'r2', region: 'europe' }, 'body.region'],
    [
      { ...projectBody, name: 'r3', source: { ...projectBody.source, path: '../etc' } },
      'body.source.path',
    ],
    [{ ...projectBody, name: 'r4', externalId: 'mine' }, 'body.externalId'],
  ])('refuses odd project %# naming %s', async (body, field) => {
    const res = await grape.request({
      method: 'POST',
      url: '/v1/projects',
      token: acme.admin,
      payload: body,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().problems.map((p: { field: string }) => p.field)).toContain(field);
  });
  it('shows a token once and lists tokens without their values; a revoked token stops working', async () => {
    const created = (
      await grape.request({
        method: 'POST',
        url: '/v1/tokens',
        token: acme.admin,
        payload: { name: 'temp', role: 'viewer' },
      })
    ).json();
    const list = (await grape.request({ method: 'GET', url: '/v1/tokens', token: acme.admin }))
      .body;
    expect(list).not.toContain(created.token);
    expect(
      (await grape.request({ method: 'GET', url: '/v1/projects', token: created.token }))
        .statusCode,
    ).toBe(200);
    expect(
      (
        await grape.request({
          method: 'DELETE',
          url: `/v1/tokens/${created.id}`,
          token: acme.admin,
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (await grape.request({ method: 'GET', url: '/v1/projects', token: created.token }))
        .statusCode,
    ).toBe(401);
  });
});

describe('operational routes', () => {
  it('serves health, readiness, metrics, the spec key and the OpenAPI document', async () => {
    expect((await grape.request({ method: 'GET', url: '/healthz' })).json()).toEqual({
      status: 'ok',
    });
    expect((await grape.request({ method: 'GET', url: '/readyz' })).json()).toEqual({
      status: 'ready',
    });
    const metrics = (await grape.request({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain('grape_http_requests_total');
    expect(metrics).toMatch(/grape_deployments\{status="queued"\} \d+/);
    expect(metrics).toContain('grape_queue_depth');
    const key = (await grape.request({ method: 'GET', url: '/v1/spec-key' })).json();
    expect(key).toMatchObject({
      alg: 'ES256',
      publicKeyPem: expect.stringContaining('BEGIN PUBLIC KEY'),
    });
    const doc = (await grape.request({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/deployments',
        '/v1/deployments/{id}/approve',
        '/v1/runs/report',
        '/v1/github/webhooks',
        '/v1/projects/{id}/bootstrap',
        '/v1/audit',
      ]),
    );
    expect(
      doc.paths['/v1/deployments'].post.requestBody.content['application/json'].schema
        .additionalProperties,
    ).toBe(false);
  });
  it('answers unknown routes with a JSON 404 and echoes a given request id', async () => {
    const res = await grape.request({
      method: 'GET',
      url: '/v2/nothing',
      headers: { 'x-request-id': 'trace-123' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['x-request-id']).toBe('trace-123');
    expect(res.json().requestId).toBe('trace-123');
  });
});
