/**
 * The guards that stop an apply before it starts: deletes and replacements need `allow-destroy`,
 * and any change to a protected resource type is refused. They watch every resource change as
 * the plan streams by (the summary's resource list is bounded; the guards are not).
 */
import { GrapeError } from '../errors.js';
import {
  changes,
  classifyActions,
  destroys,
  reasonText,
  type ChangeAction,
} from './plan-json/classify-change.js';
import type { PlanVisitor, ResourceChangeRecord } from './plan-json/scan-plan.js';

export interface GuardPolicy {
  readonly allowDestroy: boolean;
  /** Resource type patterns (`aws_db_instance`, `aws_kms_*`) that must not change at all. */
  readonly protectedResourceTypes: readonly string[];
}

export interface GuardViolation {
  readonly address: string;
  readonly action: ChangeAction;
  readonly rule: 'allow-destroy' | 'protected-resource-types';
  readonly why: string;
}

const MAX_LISTED = 50;

/** Turns `aws_kms_*` into a matcher; only `*` is special. */
export function typeMatcher(patterns: readonly string[]): (type: string) => string | undefined {
  const compiled = patterns.map((pattern) => ({
    pattern,
    regex: new RegExp(`^${pattern.split('*').map(escapeRegex).join('.*')}$`),
  }));
  return (type) => compiled.find((c) => c.regex.test(type))?.pattern;
}

const escapeRegex = (s: string): string => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

export class PlanGuard implements Pick<PlanVisitor, 'resourceChange'> {
  readonly violations: GuardViolation[] = [];
  total = 0;
  private readonly protectedBy: (type: string) => string | undefined;

  constructor(private readonly policy: GuardPolicy) {
    this.protectedBy = typeMatcher(policy.protectedResourceTypes);
  }

  resourceChange(change: ResourceChangeRecord): void {
    if (change.mode === 'data') return;
    const action = classifyActions(change.actions);
    const reason = reasonText(change.actionReason);
    const pattern = change.type !== undefined ? this.protectedBy(change.type) : undefined;
    if (pattern !== undefined && (changes(action) || change.importing)) {
      this.add({
        address: change.address,
        action,
        rule: 'protected-resource-types',
        why: `type ${change.type} is protected by '${pattern}'`,
      });
    } else if (destroys(action) && !this.policy.allowDestroy) {
      this.add({
        address: change.address,
        action,
        rule: 'allow-destroy',
        why:
          action === 'unknown'
            ? `terraform planned actions [${change.actions.join(', ')}], which Grape does not know`
            : (reason ??
              (action === 'replace' ? 'it must be replaced' : 'it is planned for deletion')),
      });
    }
  }

  private add(violation: GuardViolation): void {
    this.total++;
    if (this.violations.length < MAX_LISTED) this.violations.push(violation);
  }

  /** Throws the refusal when any guard was hit; names every resource (up to 50) and why. */
  enforce(): void {
    if (this.total === 0) return;
    const protectedHits = this.violations.some((v) => v.rule === 'protected-resource-types');
    const destroyHits = this.violations.some((v) => v.rule === 'allow-destroy');
    const lines = this.violations.map((v) => `- ${v.address}: ${v.action} (${v.why})`);
    if (this.total > this.violations.length)
      lines.push(`- … and ${this.total - this.violations.length} more`);
    const fixes: string[] = [];
    if (destroyHits)
      fixes.push(
        'If these deletions are intended, re-run with `allow-destroy: true` (after reviewing the plan).',
      );
    if (protectedHits)
      fixes.push(
        'Changes to protected resource types are never applied by Grape: change them by hand, or remove the type from `protected-resource-types`.',
      );
    throw new GrapeError(
      `Refusing to apply: the plan ${destroyHits && !protectedHits ? 'deletes or replaces' : 'changes'} ${this.total} guarded resource${this.total === 1 ? '' : 's'}:\n${lines.join('\n')}\n${fixes.join(' ')}`,
    );
  }
}
