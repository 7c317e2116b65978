/**
 * The one place the dispatcher reads its settings from the environment. Every problem is
 * collected, not thrown at once, so the operator sees them all together; each names the variable,
 * its value (shortened; never a secret's), what is wrong and what a good value looks like.
 */

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(
      `Refusing to start: ${problems.length === 1 ? 'a setting is invalid' : `${problems.length} settings are invalid`}:\n${problems.map((p) => `- ${p}`).join('\n')}`,
    );
  }
}

export interface SettingsReader {
  /** The variable's trimmed value; undefined when unset or empty. */
  get(name: string): string | undefined;
  /**
   * Records a problem with `name`: its `value` (pass undefined for secrets: it is then not shown),
   * what is wrong, and `hint`, a sentence naming a good value. Returns undefined.
   */
  bad(name: string, value: string | undefined, problem: string, hint: string): undefined;
  /** A whole number from `min` to `max`; `fallback` when unset (or, with a problem, when bad). */
  int(name: string, fallback: number, min: number, max: number, hint?: string): number;
  /** An http(s) URL without trailing slashes; `fallback` when unset; undefined when bad. */
  url(name: string, fallback: string | undefined): string | undefined;
  /** Records a problem about several settings together, as a whole sentence. */
  problem(text: string): void;
  /** Throws ConfigError listing every problem recorded, if any. */
  finish(): void;
}

const shown = (value: string): string => (value.length > 60 ? `${value.slice(0, 57)}...` : value);

export function settingsReader(env: NodeJS.ProcessEnv): SettingsReader {
  const problems: string[] = [];
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const bad = (
    name: string,
    value: string | undefined,
    problem: string,
    hint: string,
  ): undefined => {
    // A variable read by two parts (e.g. GITHUB_API_URL: executor and console sign-in) is
    // reported once.
    const text = `${name}${value === undefined ? '' : ` is '${shown(value)}'`}: ${problem}. ${hint}`;
    if (!problems.includes(text)) problems.push(text);
    return undefined;
  };
  return {
    get,
    bad,
    int(name, fallback, min, max, hint = '') {
      const value = get(name);
      if (value === undefined) return fallback;
      if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
        bad(name, value, `not a whole number from ${min} to ${max}`, hint || `e.g. '${fallback}'.`);
        return fallback;
      }
      return Number(value);
    },
    url(name, fallback) {
      const value = get(name) ?? fallback;
      if (value === undefined) return undefined;
      try {
        const parsed = new URL(value);
        if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('scheme');
        return value.replace(/\/+$/, '');
      } catch {
        return bad(name, value, 'not an http(s) URL', "Use e.g. 'https://grape.example.com'.");
      }
    },
    problem: (text) => void problems.push(text),
    finish() {
      if (problems.length > 0) throw new ConfigError(problems);
    },
  };
}
