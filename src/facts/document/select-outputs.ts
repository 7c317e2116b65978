/**
 * Chooses which outputs become facts: `facts-include` / `facts-exclude` globs on output names, and
 * sensitive outputs reduced to their names.
 */
import picomatch from 'picomatch';
import type { OutputFilter } from '../../config/facts/facts-config.js';
import type { FactValue } from './infra-facts.js';
import type { TerraformOutputs } from './parse-outputs.js';

export interface SelectedOutputs {
  readonly facts: Readonly<Record<string, FactValue>>;
  /** Names of the selected sensitive outputs, sorted. */
  readonly redacted: readonly string[];
}

export function selectOutputs(outputs: TerraformOutputs, filter: OutputFilter): SelectedOutputs {
  const included = filter.include.length === 0 ? () => true : picomatch([...filter.include]);
  const excluded = filter.exclude.length === 0 ? () => false : picomatch([...filter.exclude]);
  const facts: Array<[string, FactValue]> = [];
  const redacted: string[] = [];
  for (const name of [...outputs.keys()].sort()) {
    if (!included(name) || excluded(name)) continue;
    const output = outputs.get(name)!;
    if (output.sensitive) redacted.push(name);
    else facts.push([name, output.value]);
  }
  // fromEntries defines own properties, so even an output named `__proto__` stays a plain fact.
  return { facts: Object.fromEntries(facts), redacted };
}
