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
}

export function readTemplate(): Template {
  return parse(readFileSync(templatePath, 'utf8'), { customTags }) as Template;
}

/** Substitutes `Ref`s to parameters; refuses any other intrinsic (the trust policy uses none). */
export function resolveRefs(value: unknown, parameters: Record<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, parameters));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    const [first] = entries;
    if (entries.length === 1 && first && (first[0] === 'Ref' || first[0].startsWith('Fn::'))) {
      if (first[0] !== 'Ref' || typeof first[1] !== 'string' || !(first[1] in parameters)) {
        throw new Error(`cannot resolve ${JSON.stringify(value)}`);
      }
      return parameters[first[1]];
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, resolveRefs(v, parameters)]));
  }
  return value;
}
