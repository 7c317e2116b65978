/**
 * What a silent engine command is waiting for, read from the last line it printed (Terraform's and
 * OpenTofu's own messages, plain or as `-json` UI events): the state lock after "Acquiring state
 * lock. This may take a few moments...", a provider after "- Installing hashicorp/aws v5.0.0...",
 * a resource's refresh, the backend. Any other line means the command itself is at work. Feeds
 * lib/still-waiting.ts, which turns it into `still waiting for the state lock (30s)`.
 */

export const STATE_LOCK = 'waiting for the state lock';

const RULES: ReadonlyArray<readonly [RegExp, (m: RegExpExecArray) => string]> = [
  [/^Acquiring state lock\b/, () => STATE_LOCK],
  [/^Releasing state lock\b/, () => 'releasing the state lock'],
  [/^Initializing the backend\b/, () => 'initializing the backend'],
  [/^Initializing modules\b/, () => 'downloading modules'],
  [/^Downloading (\S+)/, (m) => `downloading module ${m[1]}`],
  [/^Initializing provider plugins\b/, () => 'installing providers'],
  [/^- Finding (.+?)\.*$/, (m) => `finding ${m[1]}`],
  [/^- Installing (\S+) (v\S+?)\.*$/, (m) => `installing provider ${m[1]} ${m[2]}`],
  [/^(\S+): Refreshing state\.\.\./, (m) => `refreshing ${m[1]}`],
  [/^(\S+): Reading\.\.\./, (m) => `reading ${m[1]}`],
  [
    /^(\S+): (?:Still )?(creating|modifying|destroying)\.\.\./i,
    (m) => `${m[2]!.toLowerCase()} ${m[1]}`,
  ],
];

/** What the command waits for after printing `line`, or `fallback` (the command at work). */
export function waitingFor(line: string, fallback: string): string {
  const text = line.trim();
  for (const [pattern, describe] of RULES) {
    const m = pattern.exec(text);
    if (m) return describe(m);
  }
  return fallback;
}

/** The `-lock-timeout=…` flag among a command's arguments, for the state-lock message. */
export function lockTimeoutOf(args: readonly string[]): string | undefined {
  return args.find((a) => a.startsWith('-lock-timeout='));
}
