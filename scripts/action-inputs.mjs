#!/usr/bin/env node
/**
 * Generates src/inputs/action-inputs.ts from action.yml: every input's name and `default:`, so the
 * action's config reads its defaults from the one place the runner does (a default the
 * runner materialises as INPUT_<NAME> must never count as "set by the user").
 * `node scripts/action-inputs.mjs` rewrites the file; `--check` exits 1 when it is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ACTION_INPUTS_FILE = path.join(root, 'src/inputs/action-inputs.ts');

/** A single-quoted TypeScript string literal (prettier's choice for this repository). */
const quoted = (text) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The TypeScript module for this action.yml text (prettier-stable: one input a line). */
export function renderActionInputs(actionYaml) {
  const action = YAML.parse(actionYaml);
  const lines = Object.entries(action.inputs ?? {}).map(([name, spec]) => {
    const fields = [];
    if (spec?.default !== undefined) fields.push(`default: ${quoted(String(spec.default))}`);
    if (spec?.required === true) fields.push('required: true');
    const key = /^[a-z]+$/.test(name) ? name : `'${name}'`;
    return `  ${key}: {${fields.length ? ` ${fields.join(', ')} ` : ''}},`;
  });
  return [
    '/**',
    ' * Every input of action.yml with its `default:`, generated from action.yml by',
    ' * `node scripts/action-inputs.mjs` (test/inputs/action-inputs.test.ts proves it current): do not',
    ' * edit. The runner sets INPUT_<NAME> for each default (see runner-emulation), so a value equal to',
    ' * its default was not necessarily given by the workflow.',
    ' */',
    'interface ActionInput {',
    '  readonly default?: string;',
    '  readonly required?: true;',
    '}',
    '',
    'export const ACTION_INPUTS = {',
    ...lines,
    '} as const satisfies Readonly<Record<string, ActionInput>>;',
    '',
    'export type ActionInputName = keyof typeof ACTION_INPUTS;',
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = renderActionInputs(readFileSync(path.join(root, 'action.yml'), 'utf8'));
  const current = readFileSync(ACTION_INPUTS_FILE, 'utf8');
  if (process.argv.includes('--check')) {
    if (current !== text) {
      console.error(`${ACTION_INPUTS_FILE} is stale: run node scripts/action-inputs.mjs`);
      process.exit(1);
    }
  } else writeFileSync(ACTION_INPUTS_FILE, text);
}
