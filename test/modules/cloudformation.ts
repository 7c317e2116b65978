/**
 * Reads modules/grape-bootstrap/cloudformation.yaml (short-form intrinsics included) and resolves
 * the few intrinsics its trust policy uses, the way CloudFormation would for given parameters.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, type CollectionTag, type ScalarTag } from 'yaml';
import { modulesDir } from './module-files.js';

export const templatePath = path.join(modulesDir, 'grape-bootstrap', 'cloudformation.yaml');

const scalar = (tag: string, fn: string): ScalarTag => ({
  tag: `!${tag}`,
  resolve: (value: string) => ({ [fn]: fn === 'Fn::GetAtt' ? value.split('.') : value }),
});
const sequence = (tag: string, fn: string): CollectionTag => ({
  tag: `!${tag}`,
  collection: 'seq',
  resolve: (value) => ({ [fn]: (value as { toJSON(): unknown }).toJSON() }) as never,
});

const customTags = [
  scalar('Ref', 'Ref'),
  scalar('GetAtt', 'Fn::GetAtt'),
  scalar('Sub', 'Fn::Sub'),
  sequence('If', 'Fn::If'),
  sequence('Not', 'Fn::Not'),
  sequence('Equals', 'Fn::Equals'),
  sequence('Join', 'Fn::Join'),
];

export interface Template {
  Parameters: Record<
    string,
    {
      Type: string;
      AllowedPattern?: string;
      MinLength?: number;
      MaxLength?: number;
      Default?: unknown;
    }
  >;
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  Conditions?: Record<string, unknown>;
}

export function readTemplate(): Template {
  return parse(readFileSync(templatePath, 'utf8'), { customTags }) as Template;
}

/**
 * Substitutes `Ref`s to parameters and resolves `Fn::If` over the template's conditions (built of
 * `Fn::Not` / `Fn::Equals` of parameters); refuses any other intrinsic.
 */
export function resolveRefs(
  value: unknown,
  parameters: Record<string, string>,
  conditions: Record<string, unknown> = {},
): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, parameters, conditions));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    const [first] = entries;
    if (entries.length === 1 && first && first[0] === 'Fn::If') {
      const [name, yes, no] = first[1] as [string, unknown, unknown];
      if (!(name in conditions)) throw new Error(`unknown condition ${name}`);
      const holds = evaluateCondition(conditions[name], parameters);
      return resolveRefs(holds ? yes : no, parameters, conditions);
    }
    if (entries.length === 1 && first && (first[0] === 'Ref' || first[0].startsWith('Fn::'))) {
      if (first[0] !== 'Ref' || typeof first[1] !== 'string' || !(first[1] in parameters)) {
        throw new Error(`cannot resolve ${JSON.stringify(value)}`);
      }
      return parameters[first[1]];
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, resolveRefs(v, parameters, conditions)]));
  }
  return value;
}

function evaluateCondition(condition: unknown, parameters: Record<string, string>): boolean {
  const [[fn, args] = []] = Object.entries(condition as Record<string, unknown>);
  if (fn === 'Fn::Not') return !evaluateCondition((args as unknown[])[0], parameters);
  if (fn === 'Fn::Equals') {
    const [a, b] = (args as unknown[]).map((v) => resolveRefs(v, parameters));
    return a === b;
  }
  throw new Error(`cannot evaluate condition ${JSON.stringify(condition)}`);
}
