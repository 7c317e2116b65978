/**
 * Dispatch, exactly once, against the contract-checked GitHub stand-in: the run id at once, the
 * GHES fallback, faults (5xx, 429, secondary limits, 4xx), a crash after GitHub accepted, the
 * runner that never starts, and status from webhooks and the run's own report.
 */
import type { Executor } from '../../../dispatcher/src/executor/executor.js';
import { verifySpec } from '../../../contract/verify-spec.js';
import examplesModule from '@octokit/webhooks-examples';
import { pglite, type TestStore } from '../helpers/backends.js';
import {
  AUDIENCE,
  RUNNER_ROLE,
  seedTenant,
  startDispatcher,
  startEnvironment,
  webhookRequest,
  type Environment,
  type Tenant,
  type TestDispatcher,
} from '../helpers/dispatcher-fixture.js';

let environment: Environment;
let store: TestStore;
let grape: TestDispatcher;
let acme: Tenant;
let crashAfterDispatch = false;

beforeAll(async () => {
  environment = await startEnvironment();
  store = await pglite.open(environment.clock);
  const wrapExecutor = (inner: Executor): Executor => ({
    name: inner.name,
    findRun: (d) => inner.findRun(d),
    findRuns: (d) => inner.findRuns(d),
    getRun: (id) => inner.getRun(id),
    cancel: (id) => inner.cancel(id),
    dispatch: async (request) => {
      const result = await inner.dispatch(request);
      // The process dies after GitHub accepted, before the database heard of it.
      if (crashAfterDispatch) throw new Error('simulated crash after the dispatch call');
      return result;
    },
  });
  grape = await startDispatcher(environment, store, { wrapExecutor });
  acme = await seedTenant(store, 'acme');
});
afterAll(async () => {
  await grape.app.close();
  await store.close();
  await environment.close();
});
afterEach(() => {
  expect(environment.github.violations).toEqual([]);
  environment.actions.mode = 'run-details';
  environment.actions.afterCreate = undefined;
  environment.actions.refuseDispatch = undefined;
  crashAfterDispatch = false;
});

let envSerial = 0;
const deploy = async (operation = 'plan', env = `e${++envSerial}`): Promise<string> => {
  const res = await grape.request({
    method: 'POST',
    url: '/v1/deployments',
    token: acme.deployer,
    payload: { project: 'network', environment: env, operation },
  });
  expect(res.statusCode).toBe(202);
  return res.json().id;
};
const get = async (id: string) =>
  (await grape.request({ method: 'GET', url: `/v1/deployments/${id}`, token: acme.viewer })).json();
const tick = () => grape.ctx.loop.tick();
const reconcile = () => grape.ctx.reconciler.tick();
const later = (seconds: number) => environment.clock.advance(seconds * 1000);

describe('a deployment dispatched on github.com', () => {
  let id: string;
  beforeAll(async () => {
    id = await deploy('plan');
    await tick();
  });

  it('starts exactly one run and learns its id from the dispatch answer', async () => {
    const runs = environment.actions.runsFor(id);
    expect(runs).toHaveLength(1);
    expect(await get(id)).toMatchObject({
      status: 'running',
      run: {
        id: runs[0]!.id,
        url: `https://github.com/acme/grape-runner/actions/runs/${runs[0]!.id}`,
      },
    });
  });

  it('passes a signed spec, the deployment id and the concurrency group, and nothing secret', async () => {
    const { inputs } = environment.actions.runsFor(id)[0]!;
    expect(Object.keys(inputs).sort()).toEqual(['concurrency_group', 'deployment_id', 'spec']);
    expect(inputs['deployment_id']).toBe(id);
    expect(inputs['concurrency_group']).toBe('network/' + (await get(id)).environment);
    const spec = await verifySpec(inputs['spec']!, {
      publicKey: grape.ctx.specKey.publicKeyPem,
      now: Math.floor(environment.clock().getTime() / 1000),
    });
    expect(spec).toMatchObject({
      deploymentId: id,
      tenantId: acme.id,
      operation: 'plan',
      aws: {
        runnerRoleArn: RUNNER_ROLE,
        roleArn: acme.project.roleArn,
        externalId: acme.project.externalId,
        region: 'eu-west-1',
      },
      backend: {
        type: 's3',
        bucket: 'acme-tfstate',
        key: `grape/network/${spec.environment}/terraform.tfstate`,
        kmsKeyId: 'alias/tfstate',
      },
      callback: { url: `${AUDIENCE}/v1/runs/report`, audience: AUDIENCE },
      // Every tenant shares the runner repository: the run must isolate tenant code (issue 15).
      requireIsolation: true,
    });
    expect(inputs['spec']).not.toMatch(/ghs_|BEGIN/);
  });

  it('authenticates to GitHub as the App installation, with a cached token', async () => {
    const dispatches = environment.github.requests.filter(
      (r) => r.operationId === 'actions/create-workflow-dispatch',
    );
    expect(dispatches.every((r) => r.token === environment.actions.tokensIssued[0])).toBe(true);
    expect(
      environment.github.requests.filter(
        (r) => r.operationId === 'apps/create-installation-access-token',
      ),
    ).toHaveLength(1);
  });

  it('follows the run to the end through webhooks, then accepts the report of that run only', async () => {
    const runId = (await get(id)).run.id as number;
    type Example = {
      action: string;
      workflow_run: Record<string, unknown>;
      repository: Record<string, unknown>;
    };
    const examples = examplesModule as unknown as { name: string; examples: Example[] }[];
    const example = examples
      .find((w) => w.name === 'workflow_run')!
      .examples.find((e) => e.action === 'completed')!;
    const payload = {
      ...example,
      repository: { ...example.repository, full_name: 'acme/grape-runner' },
      workflow_run: {
        ...example.workflow_run,
        id: runId,
        event: 'workflow_dispatch',
        status: 'in_progress',
        conclusion: null,
      },
    };
    expect((await grape.app.inject(await webhookRequest('workflow_run', payload))).json()).toEqual({
      result: 'unchanged',
    });

    const report = {
      v: 1,
      deploymentId: id,
      status: 'succeeded',
      plan: {
        sha256: 'a'.repeat(64),
        hasChanges: true,
        summary: { create: 2, update: 0, delete: 0 },
      },
      outputs: ['vpc_id'],
    };
    const wrongRun = await environment.issuer.sign({
      repository: 'acme/grape-runner',
      run_id: '1',
      aud: AUDIENCE,
    });
    expect(
      (
        await grape.app.inject({
          method: 'POST',
          url: '/v1/runs/report',
          payload: report,
          headers: { authorization: `Bearer ${wrongRun}` },
        })
      ).statusCode,
    ).toBe(403);
    const otherRepo = await environment.issuer.sign({
      repository: 'evil/runner',
      run_id: String(runId),
      aud: AUDIENCE,
    });
    expect(
      (
        await grape.app.inject({
          method: 'POST',
          url: '/v1/runs/report',
          payload: report,
          headers: { authorization: `Bearer ${otherRepo}` },
        })
      ).statusCode,
    ).toBe(403);
    const otherAudience = await environment.issuer.sign({
      repository: 'acme/grape-runner',
      run_id: String(runId),
      aud: 'sts.amazonaws.com',
    });
    expect(
      (
        await grape.app.inject({
          method: 'POST',
          url: '/v1/runs/report',
          payload: report,
          headers: { authorization: `Bearer ${otherAudience}` },
        })
      ).statusCode,
    ).toBe(401);
    expect(
      (await grape.app.inject({ method: 'POST', url: '/v1/runs/report', payload: report }))
        .statusCode,
    ).toBe(401);

    const token = await environment.issuer.sign({
      repository: 'acme/grape-runner',
      run_id: String(runId),
      aud: AUDIENCE,
    });
    const res = await grape.app.inject({
      method: 'POST',
      url: '/v1/runs/report',
      payload: report,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.json()).toEqual({ deploymentId: id, status: 'awaiting-approval', accepted: true });

    const completed = {
      ...payload,
      workflow_run: { ...payload.workflow_run, status: 'completed', conclusion: 'success' },
    };
    await grape.app.inject(await webhookRequest('workflow_run', completed));
    expect(await get(id)).toMatchObject({
      status: 'awaiting-approval',
      plan: { sha256: 'a'.repeat(64), hasChanges: true },
      outputs: ['vpc_id'],
      links: { approve: `/v1/deployments/${id}/approve` },
    });
  });

  it('applies exactly the approved plan: a new apply deployment pinned by the plan sha256', async () => {
    const res = await grape.request({
      method: 'POST',
      url: `/v1/deployments/${id}/approve`,
      token: acme.deployer,
    });
    expect(res.statusCode).toBe(202);
    const apply = res.json();
    expect(apply).toMatchObject({
      operation: 'apply',
      approves: id,
      status: 'queued',
      plan: { sha256: 'a'.repeat(64) },
    });
    expect((await get(id)).status).toBe('succeeded');
    expect(
      (
        await grape.request({
          method: 'POST',
          url: `/v1/deployments/${id}/approve`,
          token: acme.deployer,
        })
      ).statusCode,
    ).toBe(409);
    await tick();
    const spec = await verifySpec(environment.actions.runsFor(apply.id)[0]!.inputs['spec']!, {
      publicKey: grape.ctx.specKey.publicKeyPem,
      now: Math.floor(environment.clock().getTime() / 1000),
    });
    expect(spec.plan).toEqual({ deploymentId: id, sha256: 'a'.repeat(64) });
    expect(spec.operation).toBe('apply');
  });
});

describe('webhook authenticity', () => {
  const payload = () => ({
    action: 'completed',
    repository: { full_name: 'acme/grape-runner' },
    workflow_run: {
      id: 1,
      html_url: 'x',
      status: 'completed',
      conclusion: 'success',
      display_title: 'grape',
      event: 'workflow_dispatch',
    },
  });
  it.each([
    ['unsigned', { signature: null }],
    ['signed with another secret', { secret: 'not-the-secret-at-all' }],
    ['carrying a malformed signature', { signature: 'sha256=zz' }],
    ['carrying a sha1 signature only', { signature: 'sha1=' + 'a'.repeat(40) }],
  ])('rejects a delivery %s with 401', async (_name, options) => {
    const res = await grape.app.inject(await webhookRequest('workflow_run', payload(), options));
    expect(res.statusCode).toBe(401);
  });
  it('rejects a body altered after signing', async () => {
    const request = await webhookRequest('workflow_run', payload());
    const res = await grape.app.inject({
      ...request,
      payload: (request.payload as string).replace('success', 'failure'),
    });
    expect(res.statusCode).toBe(401);
  });
  it('processes a delivery once: a replay of the same delivery id changes nothing', async () => {
    const request = await webhookRequest('workflow_run', payload(), { delivery: 'replayed-0001' });
    expect((await grape.app.inject(request)).json()).toEqual({ result: 'ignored' });
    expect((await grape.app.inject(request)).json()).toEqual({ result: 'duplicate' });
  });
});

describe('older GHES: return_run_details refused', () => {
  it('dispatches again without it and finds the run by its run-name', async () => {
    environment.actions.mode = 'ghes';
    const id = await deploy();
    await tick();
    const runs = environment.actions.runsFor(id);
    expect(runs).toHaveLength(1);
    expect((await get(id)).run.id).toBe(runs[0]!.id);
  });
});

describe('faults', () => {
  it('retries GitHub 5xx after looking for a run first: one run in the end', async () => {
    environment.github.injectFaults({
      status: 502,
      body: { message: 'Server Error' },
      operationId: 'actions/create-workflow-dispatch',
    });
    const id = await deploy();
    await tick();
    expect((await get(id)).status).toBe('dispatching');
    later(61);
    await reconcile();
    expect(environment.actions.runsFor(id)).toHaveLength(1);
    expect((await get(id)).status).toBe('running');
    const lookups = environment.github.requests.filter(
      (r) => r.operationId === 'actions/list-workflow-runs',
    );
    expect(lookups.length).toBeGreaterThan(0);
  });

  it('does not dispatch again when GitHub created the run but answered 500', async () => {
    environment.actions.afterCreate = () => ({ status: 500, body: { message: 'Server Error' } });
    const id = await deploy();
    await tick();
    environment.actions.afterCreate = undefined;
    later(61);
    await reconcile();
    expect(environment.actions.runsFor(id)).toHaveLength(1);
    expect((await get(id)).status).toBe('running');
  });

  it('recovers from a crash after GitHub accepted: the reconciler finds the run, never dispatches twice', async () => {
    crashAfterDispatch = true;
    const id = await deploy();
    await tick();
    crashAfterDispatch = false;
    expect((await get(id)).status).toBe('dispatching');
    await tick();
    later(61);
    await reconcile();
    await tick();
    expect(environment.actions.runsFor(id)).toHaveLength(1);
    expect(await get(id)).toMatchObject({
      status: 'running',
      run: { id: environment.actions.runsFor(id)[0]!.id },
    });
  });

  it.each([
    [
      '429 with Retry-After',
      { status: 429, body: { message: 'Too many requests' }, headers: { 'retry-after': '120' } },
      120,
    ],
    [
      'a secondary rate limit (403)',
      {
        status: 403,
        body: {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        },
        headers: { 'retry-after': '90' },
      },
      90,
    ],
  ])(
    'requeues after %s and tells callers 429 + Retry-After meanwhile',
    async (_name, fault, seconds) => {
      environment.github.injectFaults({
        ...fault,
        operationId: 'actions/create-workflow-dispatch',
      });
      const id = await deploy();
      await tick();
      expect(await get(id)).toMatchObject({
        status: 'queued',
        statusReason: expect.stringContaining('rate limit'),
      });
      const refused = await grape.request({
        method: 'POST',
        url: '/v1/deployments',
        token: acme.deployer,
        payload: { project: 'network', environment: 'other', operation: 'plan' },
      });
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBe(seconds);
      later(seconds + 1);
      await tick();
      expect(environment.actions.runsFor(id)).toHaveLength(1);
      expect((await get(id)).status).toBe('running');
    },
  );

  it("fails the deployment with GitHub's reason on a 4xx", async () => {
    environment.actions.refuseDispatch = {
      status: 422,
      body: {
        message: "Workflow does not have 'workflow_dispatch' trigger",
        documentation_url: 'https://docs.github.com/rest',
        status: '422',
      },
    };
    const id = await deploy();
    await tick();
    expect(await get(id)).toMatchObject({
      status: 'failed',
      statusReason: expect.stringContaining("Workflow does not have 'workflow_dispatch' trigger"),
    });
  });

  it('fails with "runner never started" when no run appears after an accepted dispatch', async () => {
    environment.actions.mode = 'ghes';
    environment.actions.afterCreate = (run) => {
      environment.actions.runs.splice(environment.actions.runs.indexOf(run), 1);
      return undefined;
    };
    const id = await deploy();
    await tick();
    expect((await get(id)).status).toBe('dispatching');
    later(901);
    await reconcile();
    expect(await get(id)).toMatchObject({
      status: 'failed',
      statusReason: expect.stringContaining('runner never started'),
    });
  });

  it('reads the run when webhooks were missed', async () => {
    const id = await deploy();
    await tick();
    environment.actions.complete((await get(id)).run.id, 'failure');
    later(31);
    await reconcile();
    expect(await get(id)).toMatchObject({
      status: 'failed',
      statusReason: "the workflow run concluded 'failure'",
    });
  });

  it('keeps one active deployment per environment; the next starts when it ends', async () => {
    const first = await deploy('apply', 'serial');
    const second = await deploy('apply', 'serial');
    await tick();
    expect((await get(second)).status).toBe('queued');
    const runId = (await get(first)).run.id as number;
    environment.actions.complete(runId, 'success');
    later(31);
    await reconcile();
    await tick();
    expect((await get(first)).status).toBe('succeeded');
    expect((await get(second)).status).toBe('running');
  });

  it('cancels a running deployment through GitHub; the run ending cancelled makes it cancelled', async () => {
    const id = await deploy();
    await tick();
    const res = await grape.request({
      method: 'POST',
      url: `/v1/deployments/${id}/cancel`,
      token: acme.deployer,
      payload: { reason: 'wrong branch' },
    });
    expect(res.statusCode).toBe(202);
    expect(environment.actions.runsFor(id)[0]).toMatchObject({
      status: 'completed',
      conclusion: 'cancelled',
    });
    later(31);
    await reconcile();
    expect((await get(id)).status).toBe('cancelled');
  });

  it('keeps the audit chain intact through all of it', async () => {
    expect((await store.audit.verify()).ok).toBe(true);
  });
});
