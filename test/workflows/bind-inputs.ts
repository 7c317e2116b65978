/**
 * Binds the values a workflow is started or called with to the inputs it declares
 * (workflow_dispatch, workflow_call) as GitHub does: defaults filled, expression results converted
 * to the declared type, and a problem for an undeclared input, a missing required one, a wrong
 * type or a value outside a choice's options (docs.github.com "Reusing workflows"; unverified
 * beyond the docs).
 */
import {
  evaluateTemplate,
  type ExpressionContexts,
} from '../../dispatcher/src/executor/runner/expressions.js';

export type InputDeclarations = Record<
  string,
  { type?: string; required?: boolean; default?: unknown; options?: unknown[] }
>;

const text = (value: unknown): string =>
  value === undefined || value === null ? '' : String(value);

/** A `with:` value as the callee sees it: a whole `${{ }}` keeps its type (true, 3, 'x'). */
export function typed(value: unknown, contexts: ExpressionContexts): unknown {
  if (typeof value !== 'string') return value;
  const evaluated = evaluateTemplate(value, contexts);
  return /^\$\{\{[^]*\}\}$/.test(value.trim()) && /^(true|false)$/.test(evaluated)
    ? evaluated === 'true'
    : evaluated;
}

/** Declared inputs with the given values and defaults; problems for what GitHub would refuse. */
export function bindInputs(
  declared: InputDeclarations,
  given: Readonly<Record<string, unknown>>,
  where: string,
): { inputs: Record<string, unknown>; problems: string[] } {
  const problems: string[] = [];
  const inputs: Record<string, unknown> = {};
  for (const key of Object.keys(given))
    if (!(key in declared)) problems.push(`${where}: input '${key}' is not declared`);
  for (const [name, spec] of Object.entries(declared)) {
    let value = name in given ? given[name] : spec.default;
    if (value === undefined) {
      if (spec.required) problems.push(`${where}: required input '${name}' is missing`);
      value = spec.type === 'boolean' ? false : spec.type === 'number' ? 0 : '';
    }
    if (spec.type === 'boolean' && typeof value !== 'boolean') {
      if (value === 'true' || value === 'false') value = value === 'true';
      else problems.push(`${where}: input '${name}' is ${JSON.stringify(value)}, not a boolean`);
    }
    if (spec.type === 'number' && typeof value !== 'number') {
      if (/^\d+(\.\d+)?$/.test(text(value))) value = Number(value);
      else problems.push(`${where}: input '${name}' is ${JSON.stringify(value)}, not a number`);
    }
    if (spec.type === 'choice' && !(spec.options ?? []).includes(value))
      problems.push(
        `${where}: input '${name}' is ${JSON.stringify(value)}, not one of its options`,
      );
    inputs[name] = value;
  }
  return { inputs, problems };
}
