/**
 * Reads `terraform output -json` (or `tofu output -json`) without losing precision: numbers are
 * kept as their exact decimal text (Terraform numbers are arbitrary-precision; JSON.parse would turn
 * 12345678901234567890 into 12345678901234567000).
 */
import { isLosslessNumber, parse } from 'lossless-json';
import { GrapeError } from '../../errors.js';
import type { FactValue } from './infra-facts.js';

export interface TerraformOutput {
  readonly sensitive: boolean;
  readonly value: FactValue;
}

/** Outputs by name, in Terraform's order (sorted by name). */
export type TerraformOutputs = ReadonlyMap<string, TerraformOutput>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !isLosslessNumber(value);

/**
 * Parses the document. Never includes an output's value in an error message: it may be sensitive.
 */
export function parseOutputs(json: string): TerraformOutputs {
  let parsed: unknown;
  try {
    parsed = parse(json);
  } catch (error) {
    // The parser's own message quotes input characters, which may be part of a secret: only the position is kept.
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    throw new GrapeError(
      `Could not read the Terraform outputs: \`terraform output -json\` did not print valid JSON${position ? ` (error at character ${position})` : ''}. ` +
        'Check that nothing wraps the terraform binary (e.g. setup-terraform with terraform_wrapper: true).',
    );
  }
  if (!isObject(parsed)) {
    throw new GrapeError(
      'Could not read the Terraform outputs: `terraform output -json` printed something other than an object of outputs.',
    );
  }
  const outputs = new Map<string, TerraformOutput>();
  for (const [name, entry] of Object.entries(parsed)) {
    if (!isObject(entry) || typeof entry['sensitive'] !== 'boolean' || !('value' in entry)) {
      throw new GrapeError(
        `Could not read the Terraform outputs: output '${name}' has no 'sensitive' flag or no 'value' (expected {"sensitive": false, "type": …, "value": …}).`,
      );
    }
    outputs.set(name, { sensitive: entry['sensitive'], value: entry['value'] });
  }
  return outputs;
}
