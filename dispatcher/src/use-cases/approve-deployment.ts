/**
 * Approving a plan: an admin for a protected environment (else a deployer), only a plan awaiting
 * approval with a reported sha256, and the apply of exactly that plan queued while the plan is
 * marked succeeded — in one transaction (store/approve-plan.ts).
 */
import type { AppContext } from '../app-context.js';
import type { AuditContext } from '../audit/audit-event.js';
import { requireEnvironment, requireRole, type Principal } from '../auth/principal.js';
import { conflict } from '../http/http-error.js';
import { PlanNotAwaitingApproval } from '../store/approve-plan.js';
import { sqlState, UNIQUE_VIOLATION } from '../store/db.js';
import { requireBudget } from './require-budget.js';
import { visibleDeployment, type DeploymentOutcome } from './visible-deployment.js';

/** The apply that approving `planId` queued. */
export async function approveDeployment(
  ctx: AppContext,
  p: Principal,
  planId: string,
  audit: AuditContext,
): Promise<DeploymentOutcome> {
  const { d: plan, project } = await visibleDeployment(ctx, p, planId);
  const isProtected = project.protectedEnvironments.includes(plan.environment);
  requireRole(
    p,
    isProtected ? 'admin' : 'deployer',
    `approving a plan for ${isProtected ? 'protected ' : ''}environment '${plan.environment}'`,
  );
  requireEnvironment(p, plan.environment);
  if (plan.operation !== 'plan' || plan.status !== 'awaiting-approval' || plan.planSha256 === null)
    throw conflict(
      `Deployment ${plan.id} is a${plan.operation === 'apply' ? 'n' : ''} '${plan.operation}' in status '${plan.status}': only a plan awaiting approval (with a reported plan sha256) can be approved.`,
    );
  requireBudget(ctx);
  try {
    const { deployment, queuePosition } = await ctx.store.transitions.approve({
      input: {
        tenantId: p.tenantId,
        projectId: plan.projectId,
        environment: plan.environment,
        operation: 'apply',
        ref: plan.ref,
        variables: plan.variables,
        idempotencyKey: null,
        requestHash: null,
        approves: { id: plan.id, planSha256: plan.planSha256 },
      },
      ctx: audit,
    });
    ctx.wake();
    return { deployment, project, queuePosition };
  } catch (error) {
    if (sqlState(error) === UNIQUE_VIOLATION)
      throw conflict(`The plan of ${plan.id} was already approved.`);
    // Cancelled (or approved) between our read and the approval's transaction: nothing was queued.
    if (error instanceof PlanNotAwaitingApproval)
      throw conflict(
        `Deployment ${plan.id} stopped awaiting approval while it was being approved; nothing was queued.`,
      );
    throw error;
  }
}
