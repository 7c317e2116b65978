/**
 * Reads action inputs into typed values and collects every problem, so one run reports all bad
 * inputs at once. Each problem names the input, shows the value (never a secret's), says what is
 * wrong and what a good value looks like.
 */
import { GrapeError } from '../errors.js';
import { ACTION_INPUTS } from './action-inputs.js';

export interface InputProblem {
  readonly input: string;
  readonly message: string;
}

export class ConfigError extends GrapeError {
  constructor(readonly problems: readonly InputProblem[]) {
    super(
      problems.length === 1
        ? `Invalid action input: ${problems[0]!.message}`
        : `${problems.length} action inputs are invalid:\n${problems.map((p) => `- ${p.message}`).join('\n')}`,
    );
  }
}

/** Shows a user's value in a message: quoted, on one line, and short. */
export function quote(value: string): string {
  const oneLine = value.replace(/\s+/g, ' ');
  return `'${oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine}'`;
}

const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];

export class InputReader {
  readonly problems: InputProblem[] = [];

  constructor(private readonly read: (name: string) => string) {}

  /** Records a problem: `Input 'name' is 'value': <problem>. <hint>` */
  fail(input: string, value: string | undefined, problem: string, hint: string): undefined {
    const shown = value === undefined ? '' : ` is ${quote(value)}`;
    this.problems.push({ input, message: `Input '${input}'${shown}: ${problem}. ${hint}` });
    return undefined;
  }

  /** Records a problem that is about a combination of inputs, not one value. */
  failCombination(input: string, message: string): undefined {
    this.problems.push({ input, message });
    return undefined;
  }

  /** The trimmed value, or undefined when empty / not given. */
  string(name: string): string | undefined {
    const value = this.read(name).trim();
    return value === '' ? undefined : value;
  }

  /**
   * Whether the workflow set the input: a value other than action.yml's `default:`. The runner
   * materialises every default as INPUT_<NAME>, so an input equal to its default was not "set"
   * (a default with an expression, `${{ github.token }}`, cannot be told apart: any value counts).
   */
  isSet(name: string): boolean {
    const value = this.string(name);
    return value !== undefined && value !== inputDefault(name);
  }

  /** Like `string`, for values that must never be echoed: no value is shown in problems. */
  secret(name: string, mask: (value: string) => void): string | undefined {
    const value = this.read(name).trim();
    if (value === '') return undefined;
    mask(value);
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.string(name);
    if (value === undefined) return fallback;
    if (TRUE.includes(value)) return true;
    if (FALSE.includes(value)) return false;
    this.fail(name, value, 'not a boolean', "Use 'true' or 'false'.");
    return fallback;
  }

  int(name: string, range: { min: number; max: number }, fallback: number): number {
    const value = this.string(name);
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value)) {
      this.fail(
        name,
        value,
        'not a whole number',
        `Use a number of seconds from ${range.min} to ${range.max}, e.g. '${fallback}'.`,
      );
      return fallback;
    }
    const n = Number(value);
    if (n < range.min || n > range.max) {
      this.fail(
        name,
        value,
        `out of range`,
        `Use a number from ${range.min} to ${range.max}, e.g. '${fallback}'.`,
      );
      return fallback;
    }
    return n;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.string(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.fail(
      name,
      value,
      'not one of the accepted values',
      `Use one of: ${allowed.map((a) => `'${a}'`).join(', ')}.`,
    );
    return fallback;
  }

  /** Comma- or newline-separated values, trimmed, empties dropped. */
  list(name: string): string[] {
    const value = this.string(name);
    if (value === undefined) return [];
    return value
      .split(/[,\n]/)
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }

  /** Throws one ConfigError with every problem recorded so far. */
  throwIfProblems(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}

/** action.yml's literal `default:` of an input; undefined when it has none or an expression. */
export function inputDefault(name: string): string | undefined {
  const input = (ACTION_INPUTS as Readonly<Record<string, { readonly default?: string }>>)[name];
  return input?.default?.includes('${{') ? undefined : input?.default;
}
