/**
 * Issue 19: the ExternalSecret hand-off travels from a project's configuration through the signed
 * spec to the action's inputs (`facts-external-secrets`, `facts-secret-store`): references only,
 * both halves or neither, refused with a 4xx naming the field otherwise.
 */
import { verifySpec } from '../../../contract/verify-spec.js';
import { specInputs } from '../../../src/config/spec-config.js';
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

const handoff = {
  externalSecrets: 'db_master_user_secret_arn:json,\nsecret_arns',
  secretStore: 'ClusterSecretStore/aws-secrets-manager',
};
const createProject = (name: string, facts: Record<string, unknown>) =>
  grape.request({
    method: 'POST',
    url: '/v1/projects',
    token: acme.admin,
    payload: { ...projectBody, name, facts: { ...projectBody.facts, ...facts } },
  });

describe('a project with the ExternalSecret hand-off', () => {
  it('keeps it, and every run of it gets it in the signed spec, as the action inputs', async () => {
    const created = await createProject('shop', handoff);
    expect(created.statusCode).toBe(201);
    expect(created.json().facts).toEqual({ ...projectBody.facts, ...handoff });
    const shown = await grape.request({
      method: 'GET',
      url: `/v1/projects/${created.json().id}`,
      token: acme.viewer,
    });
    expect(shown.json().facts).toEqual({ ...projectBody.facts, ...handoff });

    const posted = await grape.request({
      method: 'POST',
      url: '/v1/deployments',
      token: acme.deployer,
      payload: { project: 'shop', environment: 'prod-eu', operation: 'apply' },
    });
    expect(posted.statusCode).toBe(202);
    const id = posted.json().id as string;
    await grape.ctx.loop.tick();
    const [run] = environment.actions.runsFor(id);
    const spec = await verifySpec(run!.inputs['spec']!, {
      publicKey: grape.ctx.specKey.publicKeyPem,
      now: Math.floor(environment.clock().getTime() / 1000),
    });
    expect(spec.facts).toEqual({ ...projectBody.facts, ...handoff });
    expect(specInputs(spec)).toMatchObject({
      'facts-repository': projectBody.facts.repository,
      'facts-path': projectBody.facts.path,
      'facts-external-secrets': handoff.externalSecrets,
      'facts-secret-store': handoff.secretStore,
    });
  });

  it('without it, the spec and the inputs carry none', async () => {
    const created = await createProject('plain', {});
    expect(created.statusCode).toBe(201);
    expect(created.json().facts).toEqual(projectBody.facts);
    const posted = await grape.request({
      method: 'POST',
      url: '/v1/deployments',
      token: acme.deployer,
      payload: { project: 'plain', environment: 'dev', operation: 'plan' },
    });
    await grape.ctx.loop.tick();
    const [run] = environment.actions.runsFor(posted.json().id);
    const spec = await verifySpec(run!.inputs['spec']!, {
      publicKey: grape.ctx.specKey.publicKeyPem,
      now: Math.floor(environment.clock().getTime() / 1000),
    });
    expect(spec.facts).toEqual(projectBody.facts);
    const inputs = specInputs(spec);
    expect(inputs).not.toHaveProperty('facts-external-secrets');
    expect(inputs).not.toHaveProperty('facts-secret-store');
  });
});

describe('odd hand-off configurations', () => {
  it('refuses the outputs without the store, naming the missing field', async () => {
    const res = await createProject('half-a', { externalSecrets: 'db_secret_arn' });
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toBe('facts.secretStore: is required with facts.externalSecrets');
  });

  it('refuses the store without the outputs, naming the missing field', async () => {
    const res = await createProject('half-b', { secretStore: handoff.secretStore });
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toBe('facts.externalSecrets: is required with facts.secretStore');
  });

  it.each([
    ['externalSecrets', 'db_secret_arn:yaml'],
    ['externalSecrets', 'db_secret_arn,'],
    ['externalSecrets', 'db secret'],
    ['externalSecrets', 'db_secret_arn\u0000'],
    ['secretStore', 'Vault/aws'],
    ['secretStore', 'ClusterSecretStore/AWS'],
  ])('refuses facts.%s %j with a 400 naming it', async (field, value) => {
    const res = await createProject(`odd-${field.length}-${value.length}`, {
      ...handoff,
      [field]: value,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().problems).toEqual([
      expect.objectContaining({ field: `body.facts.${field}` }),
    ]);
  });
});
