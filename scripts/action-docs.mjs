#!/usr/bin/env node
/**
 * Generates the README's inputs/outputs tables from action.yml (between the
 * `<!-- BEGIN_ACTION_DOCS -->` / `<!-- END_ACTION_DOCS -->` markers).
 * `node scripts/action-docs.mjs` rewrites README.md; `--check` exits 1 when it is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BEGIN = '<!-- BEGIN_ACTION_DOCS -->';
const END = '<!-- END_ACTION_DOCS -->';

const cell = (text) =>
  String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\|/g, '\\|');

export function renderActionDocs(actionYaml) {
  const action = YAML.parse(actionYaml);
  const inputs = Object.entries(action.inputs ?? {}).map(
    ([name, spec]) =>
      `| \`${name}\` | ${cell(spec.description)} | ${spec.default === undefined ? '' : `\`${cell(spec.default)}\``} |`,
  );
  const outputs = Object.entries(action.outputs ?? {}).map(
    ([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`,
  );
  return [
    BEGIN,
    '<!-- generated from action.yml by `node scripts/action-docs.mjs`; do not edit -->',
    '',
    '### Inputs',
    '',
    '| input | description | default |',
    '| --- | --- | --- |',
    ...inputs,
    '',
    '### Outputs',
    '',
    '| output | description |',
    '| --- | --- |',
    ...outputs,
    END,
  ].join('\n');
}

export function updateReadme(readme, actionYaml) {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1) throw new Error(`README.md lacks the ${BEGIN} / ${END} markers`);
  return readme.slice(0, start) + renderActionDocs(actionYaml) + readme.slice(end + END.length);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const readmePath = path.join(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const next = updateReadme(readme, readFileSync(path.join(root, 'action.yml'), 'utf8'));
  if (process.argv.includes('--check')) {
    if (next !== readme) {
      console.error(
        'README.md inputs/outputs tables are stale: run `node scripts/action-docs.mjs`.',
      );
      process.exit(1);
    }
  } else writeFileSync(readmePath, next);
}
