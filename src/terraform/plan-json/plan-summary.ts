/**
 * The plan summary: counts, the changed resources (bounded list), output changes and drift,
 * built from the streamed plan. Holds names and actions only, never an attribute or output value.
 */
import { classifyActions, reasonText, type ChangeAction } from './classify-change.js';
import type {
  OutputChangeRecord,
  PlanHeader,
  PlanVisitor,
  ResourceChangeRecord,
} from './scan-plan.js';

export interface ChangeCounts {
  create: number;
  update: number;
  delete: number;
  replace: number;
  read: number;
  noOp: number;
  import: number;
  move: number;
  forget: number;
  unknown: number;
}

export interface ResourceLine {
  readonly address: string;
  readonly action: ChangeAction;
  readonly type?: string;
  readonly previousAddress?: string;
  readonly importing?: true;
  readonly deposed?: string;
  readonly reason?: string;
}

export interface OutputLine {
  readonly name: string;
  readonly action: ChangeAction;
  readonly sensitive: boolean;
}

export interface PlanSummary {
  readonly formatVersion: string;
  readonly terraformVersion: string | undefined;
  /** The plan was written after an error (Terraform ≥ 1.6); it cannot be applied. */
  readonly errored: boolean;
  readonly applyable: boolean | undefined;
  readonly counts: ChangeCounts;
  /** Terraform's "Plan: X to add, Y to change, Z to destroy" (a replace counts in add and destroy). */
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly hasChanges: boolean;
  /** Changed resources (no-op ones are only counted), at most `maxResources`. */
  readonly resources: readonly ResourceLine[];
  readonly resourcesOmitted: number;
  readonly outputs: readonly OutputLine[];
  readonly drift: readonly ResourceLine[];
  readonly driftOmitted: number;
  readonly deferred: number;
  readonly actionInvocations: number;
}

export interface SummaryLimits {
  readonly maxResources: number;
  readonly maxDrift: number;
  readonly maxOutputs: number;
}

export const DEFAULT_LIMITS: SummaryLimits = { maxResources: 2000, maxDrift: 500, maxOutputs: 500 };

export const zeroCounts = (): ChangeCounts => ({
  create: 0,
  update: 0,
  delete: 0,
  replace: 0,
  read: 0,
  noOp: 0,
  import: 0,
  move: 0,
  forget: 0,
  unknown: 0,
});

function line(change: ResourceChangeRecord, action: ChangeAction): ResourceLine {
  const moved =
    change.previousAddress !== undefined && change.previousAddress !== change.address
      ? change.previousAddress
      : undefined;
  const reason = reasonText(change.actionReason);
  return {
    address: change.address,
    action,
    ...(change.type !== undefined ? { type: change.type } : {}),
    ...(moved !== undefined ? { previousAddress: moved } : {}),
    ...(change.importing ? { importing: true as const } : {}),
    ...(change.deposed !== undefined ? { deposed: change.deposed } : {}),
    ...(reason !== undefined ? { reason } : {}),
  };
}

export class PlanSummaryBuilder implements PlanVisitor {
  private readonly counts = zeroCounts();
  private readonly resources: ResourceLine[] = [];
  private resourcesOmitted = 0;
  private readonly outputs: OutputLine[] = [];
  private readonly driftLines: ResourceLine[] = [];
  private driftOmitted = 0;
  private deferredCount = 0;
  private invocations = 0;

  constructor(private readonly limits: SummaryLimits = DEFAULT_LIMITS) {}

  resourceChange(change: ResourceChangeRecord): void {
    const action = classifyActions(change.actions);
    const c = this.counts;
    switch (action) {
      case 'no-op':
        c.noOp++;
        break;
      case 'create-forget':
        c.create++;
        c.forget++;
        break;
      default:
        c[action]++;
    }
    if (change.importing) c.import++;
    const moved = change.previousAddress !== undefined && change.previousAddress !== change.address;
    if (moved) c.move++;
    if (action === 'no-op' && !change.importing && !moved) return;
    if (this.resources.length < this.limits.maxResources) this.resources.push(line(change, action));
    else this.resourcesOmitted++;
  }

  drift(change: ResourceChangeRecord): void {
    const action = classifyActions(change.actions);
    if (action === 'no-op') return;
    if (this.driftLines.length < this.limits.maxDrift) this.driftLines.push(line(change, action));
    else this.driftOmitted++;
  }

  deferred(): void {
    this.deferredCount++;
  }

  outputChange(change: OutputChangeRecord): void {
    if (this.outputs.length >= this.limits.maxOutputs) return;
    this.outputs.push({
      name: change.name,
      action: classifyActions(change.actions),
      sensitive: change.sensitive,
    });
  }

  actionInvocation(): void {
    this.invocations++;
  }

  build(header: PlanHeader): PlanSummary {
    const c = this.counts;
    const add = c.create + c.replace;
    const destroy = c.delete + c.replace;
    const hasChanges =
      add + c.update + destroy + c.import + c.move + c.forget + c.unknown > 0 ||
      this.outputs.some((o) => o.action !== 'no-op') ||
      this.invocations > 0;
    return {
      formatVersion: header.formatVersion ?? '',
      terraformVersion: header.terraformVersion,
      errored: header.errored === true,
      applyable: header.applyable,
      counts: { ...c },
      add,
      change: c.update,
      destroy,
      hasChanges,
      resources: this.resources,
      resourcesOmitted: this.resourcesOmitted,
      outputs: this.outputs,
      drift: this.driftLines,
      driftOmitted: this.driftOmitted,
      deferred: this.deferredCount,
      actionInvocations: this.invocations,
    };
  }
}
