/** What one `change.actions` array means, and why terraform chose it, in words. */

export type ChangeAction =
  | 'create'
  | 'update'
  | 'delete'
  | 'replace'
  | 'read'
  | 'no-op'
  | 'forget'
  | 'create-forget'
  | 'unknown';

/** Maps terraform's action list (FORMAT_NOTES: every list seen from 0.12 to 1.15) to one action. */
export function classifyActions(actions: readonly string[]): ChangeAction {
  const [first, second, ...rest] = actions;
  if (rest.length > 0) return 'unknown';
  if (second === undefined) {
    switch (first) {
      case 'no-op':
      case 'create':
      case 'read':
      case 'update':
      case 'delete':
      case 'forget':
        return first;
      default:
        return 'unknown';
    }
  }
  if ((first === 'delete' && second === 'create') || (first === 'create' && second === 'delete'))
    return 'replace';
  if (first === 'create' && second === 'forget') return 'create-forget';
  return 'unknown';
}

/** Whether the action destroys a real object (what `allow-destroy` guards). */
export const destroys = (action: ChangeAction): boolean =>
  action === 'delete' || action === 'replace' || action === 'unknown';

/** Whether the action changes anything at all (what `protected-resource-types` guards). */
export const changes = (action: ChangeAction): boolean => action !== 'no-op' && action !== 'read';

const REASONS: Record<string, string> = {
  replace_because_cannot_update: 'an argument that forces replacement changed',
  replace_because_tainted: 'the object is tainted',
  replace_by_request: 'replacement was requested (-replace)',
  replace_by_triggers: 'replace_triggered_by changed',
  delete_because_no_resource_config: 'its resource block was removed from the configuration',
  delete_because_wrong_repetition: 'count/for_each was added or removed',
  delete_because_count_index: 'its count index is out of range',
  delete_because_each_key: 'its for_each key is gone',
  delete_because_no_module: 'its module call was removed',
  delete_because_no_move_target: 'its moved block target does not exist',
  read_because_config_unknown: 'its configuration is known only at apply time',
  read_because_dependency_pending: 'a dependency has pending changes',
  read_because_check_nested: 'it is in a check block',
};

/** A readable reason for terraform's `action_reason`, or the raw value when it is new to us. */
export const reasonText = (reason: string | undefined): string | undefined =>
  reason === undefined ? undefined : (REASONS[reason] ?? reason.replace(/_/g, ' '));
