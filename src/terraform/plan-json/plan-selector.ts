/**
 * Which parts of a `show -json` plan the streaming scanner materialises (addresses, actions,
 * sensitivity flags) and which it skips (attribute values, which hold secrets in clear text), and
 * how the captured parts become records for the visitor.
 */
import type { Frame, Scalar, Selector, Want } from '../../lib/json/json-shape.js';
import { SKIP } from '../../lib/json/json-shape.js';
import type {
  OutputChangeRecord,
  PlanHeader,
  PlanVisitor,
  ResourceChangeRecord,
} from './plan-records.js';

const enum K {
  Root = 1,
  Changes,
  Drift,
  Deferred,
  DeferredItem,
  Change,
  ChangeBody,
  Actions,
  Outputs,
  Output,
  Invocations,
}

const W = {
  string: (field: string): Want => ({ mode: 'scalar', field }),
  object: (kind: K): Want => ({ mode: 'object', kind }),
  array: (kind: K): Want => ({ mode: 'array', kind }),
};
const ROOT_KEYS: Record<string, Want> = {
  format_version: W.string('format_version'),
  terraform_version: W.string('terraform_version'),
  errored: W.string('errored'),
  complete: W.string('complete'),
  applyable: W.string('applyable'),
  plan_format_version: { mode: 'present', field: 'hcp' },
  resource_changes: W.array(K.Changes),
  resource_drift: W.array(K.Drift),
  deferred_changes: W.array(K.Deferred),
  output_changes: W.object(K.Outputs),
  action_invocations: W.array(K.Invocations),
};
const CHANGE_KEYS: Record<string, Want> = {
  address: W.string('address'),
  previous_address: W.string('previous_address'),
  mode: W.string('mode'),
  type: W.string('type'),
  deposed: W.string('deposed'),
  action_reason: W.string('action_reason'),
  change: W.object(K.ChangeBody),
};
const BODY_KEYS: Record<string, Want> = {
  actions: W.array(K.Actions),
  importing: { mode: 'present', field: 'importing' },
};
const OUTPUT_KEYS: Record<string, Want> = {
  actions: W.array(K.Actions),
  before_sensitive: { mode: 'sensitive', field: 'sensitive' },
  after_sensitive: { mode: 'sensitive', field: 'sensitive' },
};
const ACTION_ITEM = W.string('action');
const OUTPUT_ITEM = W.object(K.Output);
const INVOCATION_ITEM: Want = { mode: 'present', field: 'invocation' };
const CHANGE_ITEM = W.object(K.Change);
const DEFERRED_ITEM = W.object(K.DeferredItem);
const DEFERRED_KEYS: Record<string, Want> = {
  reason: W.string('reason'),
  resource_change: CHANGE_ITEM,
};

const newChange = (): ResourceChangeRecord => ({
  address: '',
  previousAddress: undefined,
  mode: undefined,
  type: undefined,
  deposed: undefined,
  actionReason: undefined,
  actions: [],
  importing: false,
});

const asString = (v: Scalar | 'present' | 'sensitive'): string | undefined =>
  typeof v === 'string' ? v : undefined;

export class PlanSelector implements Selector {
  readonly rootKind = K.Root;
  readonly header: PlanHeader = {
    formatVersion: undefined,
    terraformVersion: undefined,
    errored: undefined,
    complete: undefined,
    applyable: undefined,
    hcpRedacted: false,
  };
  private readonly frames: Frame[] = [];

  constructor(private readonly visitor: PlanVisitor) {}

  key(frame: Frame, key: string): Want {
    switch (frame.kind) {
      case K.Root:
        return ROOT_KEYS[key] ?? SKIP;
      case K.Change:
        return CHANGE_KEYS[key] ?? SKIP;
      case K.ChangeBody:
        return BODY_KEYS[key] ?? SKIP;
      case K.Outputs:
        return OUTPUT_ITEM;
      case K.Output:
        return OUTPUT_KEYS[key] ?? SKIP;
      case K.DeferredItem:
        return DEFERRED_KEYS[key] ?? SKIP;
      default:
        return SKIP;
    }
  }

  item(frame: Frame): Want {
    switch (frame.kind) {
      case K.Changes:
      case K.Drift:
        return CHANGE_ITEM;
      case K.Deferred:
        return DEFERRED_ITEM;
      case K.Actions:
        return ACTION_ITEM;
      case K.Invocations:
        return INVOCATION_ITEM;
      default:
        return SKIP;
    }
  }

  open(frame: Frame): void {
    if (frame.kind === K.Change) frame.data = newChange();
    else if (frame.kind === K.Output)
      frame.data = { name: frame.key, actions: [], sensitive: false } satisfies OutputChangeRecord;
    else if (frame.kind === K.DeferredItem) frame.data = { reason: undefined };
    // The `change` body fills the resource change record it belongs to.
    else if (frame.kind === K.ChangeBody) frame.data = this.frames[this.frames.length - 1]?.data;
    this.frames.push(frame);
  }

  close(frame: Frame): void {
    this.frames.pop();
    const parent = this.frames[this.frames.length - 1];
    if (frame.kind === K.Change) {
      const change = frame.data as ResourceChangeRecord;
      if (parent?.kind === K.Changes) this.visitor.resourceChange(change);
      else if (parent?.kind === K.Drift) this.visitor.drift(change);
      else if (parent?.kind === K.DeferredItem)
        (parent.data as { change?: ResourceChangeRecord }).change = change;
    } else if (frame.kind === K.DeferredItem) {
      const item = frame.data as { reason: string | undefined; change?: ResourceChangeRecord };
      if (item.change) this.visitor.deferred(item.change, item.reason);
    } else if (frame.kind === K.Output) this.visitor.outputChange(frame.data as OutputChangeRecord);
  }

  value(frame: Frame, field: string, value: Scalar | 'present' | 'sensitive'): void {
    switch (frame.kind) {
      case K.Root:
        return this.rootValue(field, value);
      case K.Invocations:
        return this.visitor.actionInvocation();
      case K.Actions: {
        const owner = this.frames[this.frames.length - 2]?.data as
          { actions: string[] } | undefined;
        const action = asString(value);
        if (action !== undefined && owner) owner.actions.push(action);
        return;
      }
      case K.Change: {
        const change = frame.data as ResourceChangeRecord;
        const text = asString(value);
        if (field === 'address') change.address = text ?? '';
        else if (field === 'previous_address') change.previousAddress = text;
        else if (field === 'mode') change.mode = text;
        else if (field === 'type') change.type = text;
        else if (field === 'deposed') change.deposed = text;
        else if (field === 'action_reason') change.actionReason = text;
        return;
      }
      case K.ChangeBody:
        if (field === 'importing' && frame.data)
          (frame.data as ResourceChangeRecord).importing = true;
        return;
      case K.Output:
        if (field === 'sensitive') (frame.data as OutputChangeRecord).sensitive = true;
        return;
      case K.DeferredItem:
        if (field === 'reason')
          (frame.data as { reason: string | undefined }).reason = asString(value);
        return;
    }
  }

  private rootValue(field: string, value: Scalar | 'present' | 'sensitive'): void {
    const h = this.header;
    if (field === 'format_version') h.formatVersion = asString(value);
    else if (field === 'terraform_version') h.terraformVersion = asString(value);
    else if (field === 'errored') h.errored = value === true;
    else if (field === 'complete') h.complete = value === true;
    else if (field === 'applyable') h.applyable = value === true;
    else if (field === 'hcp') h.hcpRedacted = true;
  }
}
