/**
 * What a client reads when it gets something wrong: one problem per mistake, naming the field,
 * the rule and a good value; a duplicate name is a 409 naming the field, never a database error.
 */
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

beforeAll(async () => {
  environment = await startEnvironment();
  store = await pglite.open(environment.clock);
  grape = await startDispatcher(environment, store);
  acme = await seedTenant(store, 'acme');
});
afterAll(async () => {
  await grape.app.close();
  await store.close();
  await environment.close();
});

describe('a value outside a fixed set', () => {
  it('is one problem naming the allowed values once (a bad status filter)', async () => {
    const res = await grape.request({
      method: 'GET',
      url: '/v1/deployments?status=done',
      token: acme.viewer,
    });
    expect(res.statusCode).toBe(400);
    const allowed =
      '"queued", "dispatching", "running", "awaiting-approval", "succeeded", "failed", "cancelled"';
    expect(res.json()).toMatchObject({
      error: 'invalid_request',
      message: `querystring.status must be one of ${allowed}`,
      problems: [
        {
          field: 'querystring.status',
          problem: `must be one of ${allowed}`,
          expected: `one of ${allowed}`,
        },
      ],
    });
  });

  it('is one problem per field when several are wrong (a bad operation and an unknown field)', async () => {
    const res = await grape.request({
      method: 'POST',
      url: '/v1/deployments',
      token: acme.deployer,
      payload: { project: 'network', environment: 'dev', operation: 'deploy', colour: 'red' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe(
      'body.colour is not a known field; body.operation must be one of "plan", "apply", "destroy"',
    );
    expect(res.json().problems).toHaveLength(2);
  });
});

describe('a value of the wrong type where null is also accepted', () => {
  it("is the problem with the value, without the union's own noise (a cancel reason)", async () => {
    const res = await grape.request({
      method: 'POST',
      url: '/v1/deployments/dep_0123456789abcdef0123/cancel',
      token: acme.deployer,
      payload: { reason: 5 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      message: 'body.reason must be string',
      problems: [{ field: 'body.reason', problem: 'must be string' }],
    });
  });
});

describe('a name already taken', () => {
  it('is a 409 naming the field for a project, and nothing is written', async () => {
    const before = await store.db.query('SELECT count(*)::int AS n FROM audit_events');
    const res = await grape.request({
      method: 'POST',
      url: '/v1/projects',
      token: acme.admin,
      payload: projectBody,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      error: 'conflict',
      message: "A project named 'network' already exists in this tenant: choose another name.",
      problems: [
        {
          field: 'body.name',
          problem: 'is already taken by another project',
          expected: 'a project name not in use',
        },
      ],
    });
    expect(JSON.stringify(res.json())).not.toMatch(/constraint|duplicate key|23505/);
    expect(await store.db.query('SELECT count(*)::int AS n FROM audit_events')).toEqual(before);
  });

  it('is an error saying so for a tenant (what `grape tenant create` prints), not a SQL error', async () => {
    await expect(store.tenants.create('acme', { actor: 'operator' })).rejects.toThrow(
      new Error("A tenant named 'acme' already exists: choose another name."),
    );
    expect(await store.tenants.list()).toHaveLength(1);
  });
});
