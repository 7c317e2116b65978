/**
 * POST /v1/control/:operation: the server runs an operator command for the CLI on this machine,
 * only to this start's control credential, with the same refusals as the CLI's direct path.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { errorHandler } from '../../../dispatcher/src/http/error-handler.js';
import { controlRoutes } from '../../../dispatcher/src/routes/control.js';
import { pglite, type TestStore } from '../helpers/backends.js';

const TOKEN = 'a'.repeat(64);
let store: TestStore;
let app: FastifyInstance;

beforeAll(async () => {
  store = await pglite.open();
  app = Fastify();
  app.setErrorHandler(errorHandler);
  controlRoutes(app, store, TOKEN, {
    auditEvidence: async () => ({ key: undefined, anchor: undefined, anchorFile: 'none' }),
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const control = (operation: string, payload: unknown, token = TOKEN, remoteAddress = '127.0.0.1') =>
  app.inject({
    method: 'POST',
    url: `/v1/control/${operation}`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: JSON.stringify(payload),
    remoteAddress,
  });

describe('the control route', () => {
  it('runs an operation for the credential holder, audited under the CLI user', async () => {
    const created = await control('tenant.create', { actor: 'cli:alice', args: { name: 'acme' } });
    expect(created.statusCode).toBe(200);
    expect(created.json()).toEqual({
      result: { id: expect.stringMatching(/^ten_/), name: 'acme' },
    });
    const events = await store.audit.list(created.json().result.id, { limit: 10 });
    expect(events.map((e) => [e.action, e.actor])).toEqual([['tenant.create', 'cli:alice']]);
  });

  it.each([
    [
      'another credential',
      'tenant.list',
      { actor: 'cli:a', args: {} },
      'b'.repeat(64),
      401,
      "The control credential is missing or not this server's",
    ],
    [
      'an unknown operation',
      'tenant.drop',
      { actor: 'cli:a', args: {} },
      TOKEN,
      404,
      "No control operation 'tenant.drop'.",
    ],
    [
      'an odd actor',
      'tenant.list',
      { actor: 'root', args: {} },
      TOKEN,
      422,
      "actor: must be 'cli:<user>'",
    ],
    [
      'bad arguments',
      'token.create',
      {
        actor: 'cli:a',
        args: { tenant: 'acme', name: 'x', role: 'root', projects: null, environments: null },
      },
      TOKEN,
      422,
      'args.role:',
    ],
    [
      'a duplicate',
      'tenant.create',
      { actor: 'cli:a', args: { name: 'acme' } },
      TOKEN,
      409,
      "A tenant named 'acme' already exists: choose another name.",
    ],
    [
      'an unknown tenant',
      'token.revoke',
      { actor: 'cli:a', args: { tenant: 'nobody', id: 'tok_1' } },
      TOKEN,
      409,
      "No tenant 'nobody'.",
    ],
  ])('refuses %s', async (_, operation, payload, token, status, message) => {
    const response = await control(operation, payload, token);
    expect(response.statusCode).toBe(status);
    expect(response.json().message).toContain(message);
  });

  it('answers only on this machine', async () => {
    const response = await control('tenant.list', { actor: 'cli:a', args: {} }, TOKEN, '10.1.2.3');
    expect(response.statusCode).toBe(403);
    expect(response.json().message).toBe('The control route answers only on this machine.');
  });
});
