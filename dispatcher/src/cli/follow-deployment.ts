/**
 * `--wait`: follows a deployment until it ends, printing each change of status as it happens and
 * the run's log live as the dispatcher receives it (stream-run-log.ts; the action's log groups
 * read as phases: install, init, plan, apply, facts), then the outcome (plan counts, outputs,
 * facts commit). Against a dispatcher without the log stream, the phases come from polling its
 * /log. Ends with the deployment's exit code (exit-codes.ts).
 */
import type { ApiCall, DeploymentLog, DeploymentView } from './api-client.js';
import { CliError, type CliIO } from './cli-io.js';
import { EXIT } from './exit-codes.js';
import { logPrinter, outcomeLines, waitingPrinter } from './print-run-log.js';
import { streamRunLog } from './stream-run-log.js';

/** The longest `--wait` waits, after the status ended, for the log's last lines. */
const LOG_DRAIN_MS = 10_000;

const ENDS: Record<string, number> = {
  succeeded: EXIT.ok,
  failed: EXIT.failed,
  cancelled: EXIT.cancelled,
  'awaiting-approval': EXIT.awaitingApproval,
};

/** One line for a deployment's state: `dep_…  running  <run url>`. */
export function statusLine(d: DeploymentView): string {
  return `${d.id}  ${d.status}${d.queuePosition ? ` (queue position ${d.queuePosition})` : ''}${d.statusReason ? `: ${d.statusReason}` : ''}${d.run?.url ? `  ${d.run.url}` : ''}`;
}

/** The `::group::` titles of an action log, in order. */
export const phasesOf = (log: string): string[] =>
  [...log.matchAll(/^::group::(.*)$/gm)].map((m) => m[1]!.trim());

/** Polls until the deployment ends, telling `say` of every change; returns the final view. */
export async function followDeployment(
  io: CliIO,
  call: ApiCall,
  first: DeploymentView,
  intervalSeconds: number,
  say: (line: string) => void,
): Promise<DeploymentView> {
  let d = first;
  let last = `${d.status}|${d.statusReason}|${d.queuePosition}`;
  let phases = 0;
  let logs = false;
  let streaming = true;
  const stop = new AbortController();
  const logDone = streamRunLog(
    io,
    d.id,
    logPrinter(d.id, say),
    stop.signal,
    waitingPrinter(d.id, say),
  ).catch(() => {
    streaming = false; // an older dispatcher: phases from its /log instead
    logs = true;
  });
  const showPhases = async (): Promise<void> => {
    if (!logs || d.run === null) return;
    let log: DeploymentLog;
    try {
      log = await call<DeploymentLog>('GET', `/v1/deployments/${d.id}/log`);
    } catch {
      logs = false; // a GitHub run: its log is on GitHub (the run URL above)
      return;
    }
    const seen = phasesOf(log.log);
    for (const phase of seen.slice(phases)) say(`${d.id}  · ${phase}`);
    phases = Math.max(phases, seen.length);
  };
  while (ENDS[d.status] === undefined) {
    await io.sleep(intervalSeconds * 1000);
    d = await call<DeploymentView>('GET', `/v1/deployments/${d.id}`);
    const now = `${d.status}|${d.statusReason}|${d.queuePosition}`;
    if (now !== last && ENDS[d.status] === undefined) say(statusLine(d));
    await showPhases();
    if (now !== last && ENDS[d.status] !== undefined) {
      if (streaming) await Promise.race([logDone, io.sleep(LOG_DRAIN_MS)]);
      stop.abort();
      for (const line of outcomeLines(d)) say(line);
      say(statusLine(d));
    }
    last = now;
  }
  stop.abort();
  return d;
}

/** Ends the command with the deployment's exit code (0 only for success). */
export function exitFor(io: CliIO, d: DeploymentView): void {
  if (d.status === 'awaiting-approval')
    io.err(`The plan has changes: review it, then apply it with \`grape approve ${d.id}\`.`);
  const code = ENDS[d.status] ?? EXIT.error;
  if (code === EXIT.failed || code === EXIT.cancelled)
    throw new CliError(`Deployment ${d.id} ${d.status}.`, code);
  if (code !== EXIT.ok) throw new CliError('', code);
}
