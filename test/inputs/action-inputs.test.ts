/**
 * action.yml is the one table of inputs: src/inputs/action-inputs.ts is generated from it, and the
 * config tells "set by the workflow" from "the default the runner sent" with it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ACTION_INPUTS_FILE, renderActionInputs } from '../../scripts/action-inputs.mjs';
import { ACTION_INPUTS } from '../../src/inputs/action-inputs.js';
import { InputReader, inputDefault } from '../../src/inputs/input-reader.js';
import { repoRoot } from '../harness/action-runner.js';

describe('src/inputs/action-inputs.ts', () => {
  it('is what scripts/action-inputs.mjs generates from action.yml (run it after editing action.yml)', async () => {
    const actionYml = await readFile(path.join(repoRoot, 'action.yml'), 'utf8');
    expect(await readFile(ACTION_INPUTS_FILE, 'utf8')).toBe(renderActionInputs(actionYml));
  });

  it('holds the defaults the runner materialises', () => {
    expect(ACTION_INPUTS['facts-format']).toEqual({ default: 'yaml' });
    expect(ACTION_INPUTS['facts-mode']).toEqual({ default: 'commit' });
    expect(ACTION_INPUTS['github-token']).toEqual({ default: '${{ github.token }}' });
    expect(ACTION_INPUTS['facts-repository']).toEqual({});
  });
});

describe('InputReader.isSet', () => {
  const reader = (values: Record<string, string>): InputReader =>
    new InputReader((name) => values[name] ?? '');

  it('counts an input equal to its action.yml default as not set', () => {
    const inputs = reader({ 'facts-format': 'yaml', 'facts-mode': ' commit ' });
    expect(inputs.isSet('facts-format')).toBe(false);
    expect(inputs.isSet('facts-mode')).toBe(false);
  });

  it('counts another value, or any value of an input without a default, as set', () => {
    const inputs = reader({ 'facts-format': 'json', 'facts-branch': 'main' });
    expect(inputs.isSet('facts-format')).toBe(true);
    expect(inputs.isSet('facts-branch')).toBe(true);
    expect(inputs.isSet('facts-path')).toBe(false);
  });

  it('cannot compare a default that is an expression: any value counts', () => {
    expect(inputDefault('github-token')).toBeUndefined();
    expect(reader({ 'github-token': 'ghs_x' }).isSet('github-token')).toBe(true);
  });
});
