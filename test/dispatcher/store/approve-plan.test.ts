/**
 * Approving a plan is one transaction: the apply is queued and the plan marked succeeded, or
 * neither. A failure of the second part (the plan's transition) leaves no apply behind, and a plan
 * cancelled before the approval reaches the database gets no apply either.
 */
import type { Db, Queryable } from '../../../dispatcher/src/store/db.js';
import {
  approvePlan,
  PlanNotAwaitingApproval,
} from '../../../dispatcher/src/store/approve-plan.js';
import type { Deployment, ProjectInput } from '../../../dispatcher/src/store/records.js';
import { describeEachBackend, type TestStore } from '../helpers/backends.js';
import { manualClock } from '../helpers/clock.js';

const ctx = { actor: 'tok_test', sourceIp: '127.0.0.1', requestId: 'req-1' };
const projectInput: ProjectInput = {
  name: 'network',
  source: { repository: 'acme/infra', ref: 'main', path: 'stacks/network' },
  roleArn: 'arn:aws:iam::222222222222:role/grape-deploy',
  region: 'eu-west-1',
  sessionDurationSeconds: 3600,
  backend: null,
  facts: null,
  protectedEnvironments: [],
};
const SHA = 'a'.repeat(64);

/** The database, but a transaction's `UPDATE deployments` fails (after the apply's insert). */
function failingPlanUpdate(db: Db): Db {
  const faulty = (tx: Queryable): Queryable => ({
    query: (sql, params, options) =>
      /^\s*UPDATE deployments/.test(sql)
        ? Promise.reject(new Error('injected: the plan update failed'))
        : tx.query(sql, params, options),
    exec: (sql) => tx.exec(sql),
  });
  return { ...db, transaction: (fn) => db.transaction((tx) => fn(faulty(tx))) };
}

describeEachBackend('approving a plan', (backend) => {
  let store: TestStore;
  const clock = manualClock();
  beforeAll(async () => {
    store = await backend.open(clock);
  });
  afterAll(() => store.close());

  /** A plan of a fresh tenant, awaiting approval with a reported sha256. */
  async function awaitingPlan(name: string): Promise<Deployment> {
    const tenant = await store.tenants.create(name, ctx);
    const project = await store.projects.create(tenant.id, projectInput, ctx);
    const { deployment } = await store.deployments.create(
      {
        tenantId: tenant.id,
        projectId: project.id,
        environment: 'dev',
        operation: 'plan',
        ref: 'main',
        variables: { size: 'small' },
        idempotencyKey: null,
        requestHash: null,
      },
      ctx,
    );
    const audit = { ...ctx, action: 'test' };
    await store.transitions.apply(deployment.id, ['queued'], { status: 'running' }, audit);
    const plan = await store.transitions.apply(
      deployment.id,
      ['running'],
      { status: 'awaiting-approval', planSha256: SHA, planHasChanges: true },
      audit,
    );
    return plan!;
  }

  const approval = (plan: Deployment) => ({
    input: {
      tenantId: plan.tenantId,
      projectId: plan.projectId,
      environment: plan.environment,
      operation: 'apply' as const,
      ref: plan.ref,
      variables: plan.variables,
      idempotencyKey: null,
      requestHash: null,
      approves: { id: plan.id, planSha256: SHA },
    },
    ctx,
  });

  const actionsOf = async (plan: Deployment) =>
    (await store.audit.list(plan.tenantId, { limit: 100 })).map((e) => e.action);

  it('queues the apply of exactly that plan and marks the plan succeeded, together', async () => {
    const plan = await awaitingPlan('acme-ok');
    const { deployment: apply } = await store.transitions.approve(approval(plan));
    expect(apply).toMatchObject({ operation: 'apply', status: 'queued', approves: plan.id });
    expect(apply.planSha256).toBe(SHA);
    expect(await store.deployments.get(plan.tenantId, plan.id)).toMatchObject({
      status: 'succeeded',
      statusReason: `approved; applied by ${apply.id}`,
    });
    expect(await actionsOf(plan)).toEqual(
      expect.arrayContaining(['deployment.approve', 'deployment.approved']),
    );
  });

  it('leaves no apply (row or audit event) when marking the plan fails', async () => {
    const plan = await awaitingPlan('acme-fault');
    await expect(approvePlan(failingPlanUpdate(store.db), clock(), approval(plan))).rejects.toThrow(
      'injected: the plan update failed',
    );
    const rows = await store.deployments.list(plan.tenantId, { limit: 10 });
    expect(rows.map((d) => [d.id, d.status])).toEqual([[plan.id, 'awaiting-approval']]);
    expect(await actionsOf(plan)).not.toContain('deployment.approve');
    // The chain is whole: the rolled-back audit event left no gap.
    expect((await store.audit.verify()).ok).toBe(true);
  });

  it('queues nothing for a plan cancelled before the approval reached the database', async () => {
    const plan = await awaitingPlan('acme-race');
    await store.transitions.apply(
      plan.id,
      ['awaiting-approval'],
      { status: 'cancelled' },
      { ...ctx, action: 'deployment.cancel' },
    );
    await expect(store.transitions.approve(approval(plan))).rejects.toBeInstanceOf(
      PlanNotAwaitingApproval,
    );
    const rows = await store.deployments.list(plan.tenantId, { limit: 10 });
    expect(rows.map((d) => [d.id, d.status])).toEqual([[plan.id, 'cancelled']]);
  });
});
