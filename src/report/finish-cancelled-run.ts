/**
 * The post step's share of a cancel. The runner gives the main step 10 s after its SIGINT and
 * then kills the node process only (actions/runner src/Runner.Sdk/ProcessInvoker.cs); terraform,
 * in its own process group, goes on stopping gracefully. When the job ends the runner kills what
 * is left of it, so the post step (which runs after a cancel: its condition is `always()`)
 * waits for that engine to exit — releasing the state lock — and then tells the dispatcher the
 * run was cancelled, which the main step had no time to do.
 */
import { readFile } from 'node:fs/promises';
import { errorMessage } from '../errors.js';
import type { ActionsIO } from '../runner/actions-io.js';
import {
  ENGINE_PID_STATE,
  MAIN_STATE,
  REPORT_STATE,
  type ReportTarget,
} from '../runner/run-state.js';
import { postReport, type PostReportDeps } from './post-report.js';

export interface FinishDeps {
  readonly env: NodeJS.ProcessEnv;
  /** How long to wait for the engine; terraform's own lock wait is 300 s. */
  readonly waitMs?: number;
  readonly pollMs?: number;
  readonly isRunning?: (pid: number) => Promise<boolean>;
  readonly fetch?: PostReportDeps['fetch'];
}

/** True while `pid` is a live process (a zombie has exited: its lock is released). */
export async function isRunning(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return !/\)\s+[ZX]\s/.test(stat);
  } catch {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
}

/** Does nothing unless the main step was stopped before it finished. */
export async function finishCancelledRun(io: ActionsIO, deps: FinishDeps): Promise<void> {
  if (io.getState(MAIN_STATE) !== 'started') return;
  const running = deps.isRunning ?? isRunning;
  const pid = Number(io.getState(ENGINE_PID_STATE));
  if (Number.isInteger(pid) && pid > 0 && (await running(pid))) {
    io.info(
      `The main step was stopped while the engine (pid ${pid}) was still stopping gracefully: waiting for it to write its state and release the lock.`,
    );
    const deadline = Date.now() + (deps.waitMs ?? 300_000);
    while ((await running(pid)) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, deps.pollMs ?? 100));
    if (await running(pid))
      io.warning(
        `The engine (pid ${pid}) had not stopped after ${Math.round((deps.waitMs ?? 300_000) / 1000)}s; the state lock may remain. Check the state and run \`terraform force-unlock <lock id>\` if it does.`,
      );
    // Its output pipes were handed to a drainer at the runner's SIGTERM (spawn-process.ts), so it
    // could finish writing; a lock left by an engine that failed is named by terraform's next run.
    else io.info(`The engine (pid ${pid}) has stopped.`);
  }
  const saved = io.getState(REPORT_STATE);
  if (!saved) return;
  try {
    const target = JSON.parse(saved) as ReportTarget;
    await postReport(
      target,
      {
        v: 1,
        deploymentId: target.deploymentId,
        status: 'cancelled',
        error: 'The run was cancelled before it finished.',
      },
      { io, env: deps.env, ...(deps.fetch ? { fetch: deps.fetch } : {}) },
    );
  } catch (error) {
    io.warning(`Could not report the cancellation: ${errorMessage(error)}.`);
  }
}
