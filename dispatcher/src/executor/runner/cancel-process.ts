/**
 * How the runner stops a JavaScript action's process when the run is cancelled
 * (actions/runner src/Runner.Sdk/ProcessInvoker.cs CancelAndKillProcessTree with
 * killProcessOnCancel: false, as NodeScriptActionHandler.cs passes it): SIGINT, up to 7.5 s for
 * the process to exit, then SIGTERM, up to 2.5 s, then kill — of the node process only
 * (NixKillProcessTree calls Process.Kill() on it; its children are not signalled by the runner).
 */
import type { ChildProcess } from 'node:child_process';

export const CANCEL_TIMELINE = { sigintMs: 7500, sigtermMs: 2500 } as const;

export interface CancelTimeline {
  readonly sigintMs: number;
  readonly sigtermMs: number;
}

/** Which signal finally ended the process: 'SIGINT', 'SIGTERM' or 'SIGKILL'. */
export async function cancelProcess(
  child: ChildProcess,
  exited: Promise<unknown>,
  timeline: CancelTimeline = CANCEL_TIMELINE,
  /** Told of each signal as it is sent (tests record the timeline). */
  onSignal: (signal: NodeJS.Signals) => void = () => undefined,
): Promise<'SIGINT' | 'SIGTERM' | 'SIGKILL'> {
  const within = async (ms: number): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    const done = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
    ]);
    clearTimeout(timer);
    return done;
  };
  if (child.exitCode !== null || child.signalCode !== null) return 'SIGINT';
  const send = (signal: NodeJS.Signals): void => {
    onSignal(signal);
    child.kill(signal);
  };
  send('SIGINT');
  if (await within(timeline.sigintMs)) return 'SIGINT';
  send('SIGTERM');
  if (await within(timeline.sigtermMs)) return 'SIGTERM';
  send('SIGKILL');
  await exited;
  return 'SIGKILL';
}
