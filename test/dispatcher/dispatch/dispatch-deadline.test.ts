/**
 * The dispatch call's deadline counts from the attempt's start as the claim recorded it, not from
 * the call: an attempt claimed long before its call (a starved process, a long queue of claimed
 * work) sends nothing once its deadline has passed, so it can never reach GitHub after another
 * replica may have judged it stale and dispatched again.
 */
import { SYSTEM } from '../../../dispatcher/src/audit/audit-event.js';
import { dispatchDeployment } from '../../../dispatcher/src/dispatch/dispatch-deployment.js';
import { pglite, type TestStore } from '../helpers/backends.js';
import {
  seedTenant,
  startDispatcher,
  startEnvironment,
  type Environment,
  type Tenant,
  type TestDispatcher,
} from '../helpers/dispatcher-fixture.js';

const TIMEOUT_MS = 10_000;
const DISPATCH = 'actions/create-workflow-dispatch';

let environment: Environment;
let store: TestStore;
let grape: TestDispatcher;
let acme: Tenant;

beforeAll(async () => {
  environment = await startEnvironment();
  environment.env['GRAPE_GITHUB_REQUEST_TIMEOUT_MS'] = String(TIMEOUT_MS);
  store = await pglite.open(environment.clock);
  grape = await startDispatcher(environment, store);
  acme = await seedTenant(store, 'acme');
});
afterAll(async () => {
  await grape.app.close();
  await store.close();
  await environment.close();
});

let serial = 0;
async function claimed() {
  const res = await grape.request({
    method: 'POST',
    url: '/v1/deployments',
    token: acme.deployer,
    payload: { project: 'network', environment: `d${++serial}`, operation: 'plan' },
  });
  expect(res.statusCode).toBe(202);
  const [d] = await store.transitions.claimBatch(SYSTEM, 1);
  expect(d?.id).toBe(res.json().id);
  return d!;
}
const dispatches = (id: string) =>
  environment.github.requests.filter(
    (r) =>
      r.operationId === DISPATCH &&
      (r.body as { inputs?: { deployment_id?: string } }).inputs?.deployment_id === id,
  );

describe('an attempt whose call starts after its deadline', () => {
  it('sends nothing and goes back to the queue', async () => {
    const d = await claimed();
    environment.clock.advance(TIMEOUT_MS + 1);
    await dispatchDeployment(d, grape.ctx);
    expect(dispatches(d.id)).toEqual([]);
    expect(await store.deployments.getById(d.id)).toMatchObject({
      status: 'queued',
      attempts: 1,
      dispatchStartedAt: null,
    });
  });

  it('is sent while time is left, and runs', async () => {
    const d = await claimed();
    environment.clock.advance(1000); // 9 s of the deadline left
    await dispatchDeployment(d, grape.ctx);
    expect(dispatches(d.id)).toHaveLength(1);
    expect(await store.deployments.getById(d.id)).toMatchObject({ status: 'running' });
  });
});
