/**
 * The inputs a step's action receives, as actions/runner src/Runner.Worker/ActionRunner.cs builds
 * them: the step's `with:` values, then every input of action.yml the step did not give, set to its
 * `default:` evaluated against the contexts (ActionManifestManager.cs EvaluateDefaultInput; an
 * input without a default becomes ''). Input names compare case-insensitively; a `with:` key that
 * action.yml does not declare is only a warning on the runner ("Unexpected input(s) …").
 */
import type { ActionManifest } from './action-manifest.js';
import { evaluateTemplate, type ExpressionContexts } from './expressions.js';

export interface MaterialisedInputs {
  readonly inputs: Record<string, string>;
  /** The runner's warning for undeclared `with:` keys, when there are any. */
  readonly warnings: string[];
}

export function materialiseInputs(
  manifest: ActionManifest,
  given: Readonly<Record<string, string>>,
  contexts: ExpressionContexts,
): MaterialisedInputs {
  const inputs: Record<string, string> = { ...given };
  const lowerGiven = new Set(Object.keys(given).map((key) => key.toLowerCase()));
  for (const input of manifest.inputs) {
    if (lowerGiven.has(input.name.toLowerCase())) continue;
    inputs[input.name] =
      input.default === undefined ? '' : evaluateTemplate(input.default, contexts);
  }
  const valid = manifest.inputs.map((input) => input.name);
  const validLower = new Set(valid.map((name) => name.toLowerCase()));
  const unexpected = Object.keys(given).filter((key) => !validLower.has(key.toLowerCase()));
  const warnings =
    unexpected.length > 0
      ? [
          `Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${valid.join("', '")}']`,
        ]
      : [];
  return { inputs, warnings };
}
