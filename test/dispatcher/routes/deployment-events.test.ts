/**
 * GET /v1/deployments/:id/events: a deployment's history from the audit log, oldest first, with
 * who and when; readable by anyone who may see the deployment, absent (404) to anyone else.
 */
import { pglite, type TestStore } from '../helpers/backends.js';
import {
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

const events = (id: string, token: string) =>
  grape.request({ method: 'GET', url: `/v1/deployments/${id}/events`, token });

async function cancelledPlan(environmentName: string): Promise<string> {
  const created = await grape.request({
    method: 'POST',
    url: '/v1/deployments',
    token: acme.deployer,
    payload: { project: 'network', environment: environmentName, operation: 'plan' },
  });
  expect(created.statusCode).toBe(202);
  const id: string = created.json().id;
  const cancelled = await grape.request({
    method: 'POST',
    url: `/v1/deployments/${id}/cancel`,
    token: acme.admin,
    payload: { reason: 'not today' },
  });
  expect(cancelled.statusCode).toBe(202);
  return id;
}

describe('GET /v1/deployments/:id/events', () => {
  it('lists each status with its actor and time, oldest first, to a viewer', async () => {
    const id = await cancelledPlan('history');
    const audit = (await store.audit.list(acme.id, { limit: 50 }))
      .filter((e) => e.objectId === id)
      .reverse();
    expect(audit.map((e) => e.action)).toEqual(['deployment.create', 'deployment.cancel']);
    const res = await events(id, acme.viewer);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      deploymentId: id,
      truncated: false,
      items: [
        {
          seq: audit[0]!.seq,
          at: audit[0]!.at,
          action: 'deployment.create',
          status: 'queued',
          actor: audit[0]!.actor,
          reason: null,
        },
        {
          seq: audit[1]!.seq,
          at: audit[1]!.at,
          action: 'deployment.cancel',
          status: 'cancelled',
          actor: audit[1]!.actor,
          reason: expect.stringContaining('not today'),
        },
      ],
    });
    // Two different tokens moved it: the history names each.
    expect(audit[0]!.actor).not.toBe(audit[1]!.actor);
  });

  it("answers 404 for another tenant's deployment, an unknown id and one outside a scoped token", async () => {
    const id = await cancelledPlan('history-scope');
    const other = await events(id, evil.admin);
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('history-scope');
    expect((await events('dep_00000000000000000000', acme.admin)).statusCode).toBe(404);
    const scoped = await store.tokens.create(
      acme.id,
      { name: 'staging-only', role: 'viewer', projects: null, environments: ['staging'] },
      { actor: 'operator' },
    );
    expect((await events(id, scoped.token)).statusCode).toBe(404);
    expect((await events(id, acme.viewer)).statusCode).toBe(200);
  });

  it('answers 401 without a token and 400 for a malformed id', async () => {
    expect(
      (await grape.request({ method: 'GET', url: '/v1/deployments/dep_x/events' })).statusCode,
    ).toBe(401);
    expect((await events('not an id', acme.viewer)).statusCode).toBe(400);
  });
});
