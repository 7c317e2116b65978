/**
 * Approving a plan is one transaction: the apply of exactly that plan is queued AND the plan is
 * marked `succeeded` (its story ends in the apply), or neither happens. Two transactions could
 * leave an apply queued for a plan that was cancelled in between, or a plan still awaiting
 * approval with its apply already running.
 */
import type { AuditContext } from '../audit/audit-event.js';
import { applyTransition } from './apply-transition.js';
import type { Db } from './db.js';
import {
  insertDeployments,
  type CreatedDeployment,
  type NewDeployment,
} from './insert-deployments.js';

export interface ApprovalRequest {
  /** The apply to queue; `approves` names the plan and pins its sha256. */
  readonly input: NewDeployment & { readonly approves: { id: string; planSha256: string } };
  readonly ctx: AuditContext;
}

/** The plan was no longer awaiting approval when the approval reached the database. */
export class PlanNotAwaitingApproval extends Error {
  constructor(readonly planId: string) {
    super(`Deployment ${planId} is no longer awaiting approval.`);
  }
}

export function approvePlan(
  db: Db,
  now: Date,
  { input, ctx }: ApprovalRequest,
): Promise<CreatedDeployment> {
  return db.transaction(async (tx) => {
    const [outcome] = await insertDeployments(tx, now, [{ input, ctx }]);
    if (!outcome) throw new Error(`the apply of ${input.approves.id} was not inserted`);
    if (!outcome.ok) throw outcome.error;
    const apply = outcome.value.deployment;
    const approved = await applyTransition(
      tx,
      now,
      input.approves.id,
      ['awaiting-approval'],
      { status: 'succeeded', statusReason: `approved; applied by ${apply.id}` },
      { ...ctx, action: 'deployment.approved', data: { apply: apply.id } },
    );
    if (!approved) throw new PlanNotAwaitingApproval(input.approves.id);
    return outcome.value;
  });
}
