/** Include globs that select nothing: almost always a typo worth a warning. */
import picomatch from 'picomatch';
import type { TerraformOutputs } from './parse-outputs.js';
import type { OutputFilter } from '../../config/facts/facts-config.js';

export function unmatchedGlobs(outputs: TerraformOutputs, filter: OutputFilter): string[] {
  if (outputs.size === 0) return [];
  const names = [...outputs.keys()];
  return filter.include.filter((glob) => !names.some((name) => picomatch.isMatch(name, glob)));
}
