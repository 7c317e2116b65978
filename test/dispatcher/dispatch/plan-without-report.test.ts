/**
 * A plan run that completes without a report has an unknown outcome: never `succeeded`, never
 * approvable; its report, if it still arrives, applies.
 */
import examplesModule from '@octokit/webhooks-examples';
import { describeEachBackend, type TestStore } from '../helpers/backends.js';
import {
  AUDIENCE,
  seedTenant,
  startDispatcher,
  startEnvironment,
  webhookRequest,
  type Environment,
  type Tenant,
  type TestDispatcher,
} from '../helpers/dispatcher-fixture.js';

type Example = { action: string; workflow_run: Record<string, unknown>; repository: object };
const examples = examplesModule as unknown as { name: string; examples: Example[] }[];
const completedExample = examples
  .find((w) => w.name === 'workflow_run')!
  .examples.find((e) => e.action === 'completed')!;

describeEachBackend('a plan run that completes without a report', (backend) => {
  let environment: Environment;
  let store: TestStore;
  let grape: TestDispatcher;
  let acme: Tenant;
  let serial = 0;

  beforeAll(async () => {
    environment = await startEnvironment();
    store = await backend.open(environment.clock);
    grape = await startDispatcher(environment, store);
    acme = await seedTenant(store, 'acme');
  });
  afterAll(async () => {
    await grape.app.close();
    await store.close();
    await environment.close();
  });

  const get = async (id: string) =>
    (
      await grape.request({ method: 'GET', url: `/v1/deployments/${id}`, token: acme.viewer })
    ).json();
  const start = async (operation: string): Promise<{ id: string; runId: number }> => {
    const res = await grape.request({
      method: 'POST',
      url: '/v1/deployments',
      token: acme.deployer,
      payload: { project: 'network', environment: `nr${++serial}`, operation },
    });
    expect(res.statusCode).toBe(202);
    await grape.ctx.loop.tick();
    const d = await get(res.json().id);
    expect(d.status).toBe('running');
    return { id: d.id, runId: d.run.id };
  };
  const complete = async (runId: number, conclusion = 'success') =>
    grape.app.inject(
      await webhookRequest('workflow_run', {
        ...completedExample,
        repository: { ...completedExample.repository, full_name: 'acme/grape-runner' },
        workflow_run: {
          ...completedExample.workflow_run,
          id: runId,
          event: 'workflow_dispatch',
          status: 'completed',
          conclusion,
        },
      }),
    );

  it('is failed with a reason saying the outcome is unknown, and cannot be approved', async () => {
    const { id, runId } = await start('plan');
    expect((await complete(runId)).json()).toEqual({ result: 'applied' });
    const d = await get(id);
    expect(d.status).toBe('failed');
    expect(d.statusReason).toMatch(/without reporting its plan: the outcome is unknown/);
    expect(d.plan).toBeNull();
    const approve = await grape.request({
      method: 'POST',
      url: `/v1/deployments/${id}/approve`,
      token: acme.deployer,
    });
    expect(approve.statusCode).toBe(409);
  });

  it('takes its report when it arrives after all, and then awaits approval', async () => {
    const { id, runId } = await start('plan');
    await complete(runId);
    const token = await environment.issuer.sign({
      repository: 'acme/grape-runner',
      run_id: String(runId),
      aud: AUDIENCE,
    });
    const report = {
      v: 1,
      deploymentId: id,
      status: 'succeeded',
      plan: {
        sha256: 'b'.repeat(64),
        hasChanges: true,
        summary: { create: 1, update: 0, delete: 0 },
      },
    };
    const res = await grape.request({
      method: 'POST',
      url: '/v1/runs/report',
      payload: report,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.json()).toEqual({ deploymentId: id, status: 'awaiting-approval', accepted: true });
  });

  it('an apply run that completes successfully without a report still succeeds', async () => {
    const { id, runId } = await start('apply');
    await complete(runId);
    expect((await get(id)).status).toBe('succeeded');
  });

  it('a failed plan run is failed with the conclusion, not the unknown-outcome reason', async () => {
    const { id, runId } = await start('plan');
    await complete(runId, 'failure');
    expect(await get(id)).toMatchObject({
      status: 'failed',
      statusReason: "the workflow run concluded 'failure'",
    });
  });
});
