/**
 * How the CLI prints a run's log: Terraform's and the action's lines as they are, the runner's
 * workflow commands made readable (a `::group::` title is a phase, `deployment  · phase`, as
 * before; annotations read `error: …`; `::endgroup::` and debug lines are left out), and, once the
 * run ended, the outcome: plan counts, outputs by name, facts commit.
 */
import type { DeploymentView } from './api-client.js';

const COMMAND = /^::([a-z-]+)(?: [^:]*)?::(.*)$/;
const unescape = (s: string): string =>
  s.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');

/**
 * Returns a printer of log text: complete lines go to `say`, a partial one waits for its end.
 * `raw`: every line as it is (`grape logs -f`, like `grape logs`).
 */
export function logPrinter(
  deploymentId: string,
  say: (line: string) => void,
  options: { readonly raw?: boolean } = {},
) {
  let partial = '';
  return (text: string): void => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines.map((l) => l.replace(/\r$/, ''))) {
      const command = options.raw ? null : COMMAND.exec(line);
      if (!command) say(line);
      else if (command[1] === 'group') say(`${deploymentId}  · ${command[2]!.trim()}`);
      else if (['error', 'warning', 'notice'].includes(command[1]!))
        say(`${command[1]}: ${unescape(command[2]!)}`);
      // ::endgroup::, ::debug:: and any other command: not for people.
    }
  };
}

/**
 * What the deployment waits for, as one line (`dep_…  … waiting for a runner: …`); said once per
 * change, nothing when it no longer waits (its log then says what it does).
 */
export function waitingPrinter(deploymentId: string, say: (line: string) => void) {
  return (message: string | null): void => {
    if (message !== null) say(`${deploymentId}  … ${message}`);
  };
}

/** Terraform's own order of plan counts; any other kind after them. */
const ORDER = ['create', 'update', 'delete', 'replace', 'import', 'move'];
const rank = (kind: string): number => (ORDER.includes(kind) ? ORDER.indexOf(kind) : ORDER.length);

/** The outcome after the log: plan counts, outputs by name, facts commit (what there is). */
export function outcomeLines(d: DeploymentView): string[] {
  const lines: string[] = [];
  const s = d.plan?.summary;
  if (d.plan)
    lines.push(
      `plan: ${
        s
          ? Object.entries(s)
              .sort(([a], [b]) => rank(a) - rank(b))
              .map(([k, n]) => `${n} to ${k}`)
              .join(', ')
          : d.plan.hasChanges === false
            ? 'no changes'
            : 'saved'
      }`,
    );
  if (d.outputs && d.outputs.length > 0) lines.push(`outputs: ${d.outputs.join(', ')}`);
  if (d.factsCommit) lines.push(`facts commit: ${d.factsCommit}`);
  return lines;
}
