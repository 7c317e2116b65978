/**
 * GRAPE_RUNNER_TENANT_ENVIRONMENTS=true: the github executor sends the tenant's GitHub
 * environment (`grape-<tenant id>`) as the runner workflow's `runner_environment` input, and a
 * `{tenant}` in GRAPE_RUNNER_ROLE_ARN makes the spec and the bootstrap link name that tenant's own
 * hop-1 role.
 */
import { verifySpec } from '../../../contract/verify-spec.js';
import { pglite, type TestStore } from '../helpers/backends.js';
import {
  dispatcherOn,
  seedTenant,
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
  grape = await dispatcherOn(
    {
      ...environment.env,
      GRAPE_RUNNER_TENANT_ENVIRONMENTS: 'true',
      GRAPE_RUNNER_ROLE_ARN: 'arn:aws:iam::111111111111:role/grape-runner-{tenant}',
    },
    store,
    { clock: environment.clock },
  );
  acme = await seedTenant(store, 'acme');
});
afterAll(async () => {
  await grape.app.close();
  await store.close();
  await environment.close();
});
afterEach(() => expect(environment.github.violations).toEqual([]));

it("sends the tenant's GitHub environment and names the tenant's runner role in the spec", async () => {
  const res = await grape.request({
    method: 'POST',
    url: '/v1/deployments',
    token: acme.deployer,
    payload: { project: 'network', environment: 'dev', operation: 'plan' },
  });
  expect(res.statusCode).toBe(202);
  const id = res.json().id as string;
  await grape.ctx.loop.tick();

  const runs = environment.actions.runsFor(id);
  expect(runs).toHaveLength(1);
  const { inputs } = runs[0]!;
  expect(Object.keys(inputs).sort()).toEqual([
    'concurrency_group',
    'deployment_id',
    'runner_environment',
    'spec',
  ]);
  expect(inputs['runner_environment']).toBe(`grape-${acme.id}`);
  const spec = await verifySpec(inputs['spec']!, {
    publicKey: grape.ctx.specKey.publicKeyPem,
    now: Math.floor(environment.clock().getTime() / 1000),
  });
  expect(spec.aws.runnerRoleArn).toBe(`arn:aws:iam::111111111111:role/grape-runner-${acme.id}`);
  expect(spec.requireIsolation).toBe(true);
});

it("gives the tenant's own runner role in its bootstrap link", async () => {
  const res = await grape.request({
    method: 'GET',
    url: `/v1/projects/${acme.project.id}/bootstrap`,
    token: acme.viewer,
  });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toMatchObject({
    trustedPrincipalArn: `arn:aws:iam::111111111111:role/grape-runner-${acme.id}`,
  });
});
