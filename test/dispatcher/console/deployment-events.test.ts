/**
 * GET /v1/events over real HTTP on both backends: a deployment created (or changed) in the caller's
 * tenant arrives as `event: deployment` with its id, fed by the database's notification at commit;
 * another tenant's deployment never does.
 */
import { get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeEachBackend, type TestStore } from '../helpers/backends.js';
import {
  seedTenant,
  startDispatcher,
  startEnvironment,
  type Environment,
  type Tenant,
  type TestDispatcher,
} from '../helpers/dispatcher-fixture.js';

describeEachBackend('GET /v1/events', (backend) => {
  let environment: Environment;
  let store: TestStore;
  let d: TestDispatcher;
  let acme: Tenant;
  let other: Tenant;
  let base: string;

  beforeAll(async () => {
    environment = await startEnvironment();
    store = await backend.open(environment.clock);
    d = await startDispatcher(environment, store);
    acme = await seedTenant(store, 'acme');
    other = await seedTenant(store, 'other');
    await d.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(d.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await d.app.close();
    await store.close();
    await environment.close();
  });

  const deploy = async (t: Tenant) =>
    (
      await d.request({
        method: 'POST',
        url: '/v1/deployments',
        token: t.deployer,
        payload: { project: t.project.name, environment: 'dev', operation: 'plan' },
      })
    ).json() as { id: string };

  /** One streaming GET on its own connection (fetch would also open a spare one the close waits for). */
  const stream = (token: string | undefined) =>
    new Promise<IncomingMessage>((resolve, reject) => {
      const req = get(
        `${base}/v1/events`,
        { agent: false, headers: token ? { authorization: `Bearer ${token}` } : {} },
        resolve,
      );
      req.once('error', reject);
    });

  it("streams the caller's tenant's deployment changes and nothing of another tenant's", async () => {
    const response = await stream(acme.viewer);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    // One reader for the whole stream: data that arrives while nobody waits is kept, not lost
    // (a 'data' event without a listener is dropped, and the change can arrive before the next
    // wait starts).
    let text = '';
    let ended = false;
    let wake = (): void => undefined;
    response.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      wake();
    });
    response.once('end', () => {
      ended = true;
      wake();
    });
    const read = async (until: RegExp): Promise<void> => {
      while (!until.test(text)) {
        if (ended) throw new Error(`stream ended after: ${text}`);
        await new Promise<void>((resolve) => (wake = resolve));
      }
    };
    await read(/^retry: 2000\n\n/);
    const theirs = await deploy(other);
    const ours = await deploy(acme);
    await read(new RegExp(`event: deployment\\ndata: \\{"id":"${ours.id}"`));
    expect(text).not.toContain(theirs.id);
    response.destroy();
  }, 60_000);

  it('refuses a caller without credentials', async () => {
    const response = await stream(undefined);
    expect(response.statusCode).toBe(401);
    response.resume();
  });
});
