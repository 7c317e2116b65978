/**
 * Runs one engine command: streams its output to the log (and diagnostics to annotations),
 * forwards a cancellation to it, and reports how it ended.
 *
 * Cancellation: the first SIGINT/SIGTERM the action receives is forwarded to the engine as one
 * SIGINT — terraform's graceful stop, which finishes the current write and releases the state
 * lock — and the action waits for it (at most `cancelGraceMs`) instead of dying mid-write.
 * Further signals are not forwarded: terraform reads a second interrupt as "exit now".
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { GrapeError, errorMessage } from '../errors.js';
import type { ActionsIO } from '../runner/actions-io.js';
import { ENGINE_PID_STATE } from '../runner/run-state.js';
import { annotate, fromJsonEvent, fromText, type Diagnostic } from './diagnostics.js';
import { startStillWaiting } from '../lib/still-waiting.js';
import { lockTimeoutOf, STATE_LOCK, waitingFor } from './waiting-for.js';
import type { ProcessExit, Spawn } from '../process/spawn-process.js';

export interface SignalSource {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): void;
  off(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): void;
}

export interface CommandDeps {
  readonly spawn: Spawn;
  readonly io: ActionsIO;
  readonly signals: SignalSource;
  readonly cancelGraceMs: number;
  /**
   * A command silent this long says what it waits for (`still waiting for the state lock (10s)`),
   * again each time as long; default 15 s. `now` is the clock it counts with.
   */
  readonly stillWaitingMs?: number;
  readonly now?: () => number;
}

export interface CommandContext {
  readonly binary: string;
  readonly cwd: string;
  /** Root of the module's repository: annotation paths are relative to it (see diagnostics.ts). */
  readonly repositoryRoot: string;
  readonly env: Readonly<Record<string, string>>;
}

export interface CommandResult<T> {
  readonly exit: ProcessExit;
  readonly cancelled: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** What `consume` returned (undefined when stdout was logged). */
  readonly value: T | undefined;
}

export interface CommandOptions<T> {
  /** stdout is a stream of `-json` UI events (logged by their @message, diagnostics annotated). */
  readonly jsonEvents?: boolean;
  /** Takes stdout instead of logging it (show -json, output -json). */
  readonly consume?: (stdout: Readable) => Promise<T>;
}

const MAX_STDERR = 256 * 1024;

export async function runCommand<T = undefined>(
  ctx: CommandContext,
  args: readonly string[],
  deps: CommandDeps,
  options: CommandOptions<T> = {},
): Promise<CommandResult<T>> {
  const { io } = deps;
  io.info(`[command]${ctx.binary} ${args.join(' ')}`);
  const child = deps.spawn(ctx.binary, args, { cwd: ctx.cwd, env: ctx.env });
  // If the runner kills this process mid-command, the post step waits for this pid (see post.ts).
  if (child.pid !== undefined) io.saveState(ENGINE_PID_STATE, String(child.pid));
  const diagnostics: Diagnostic[] = [];
  const report = (d: Diagnostic): void => {
    diagnostics.push(d);
    annotate(io, d, ctx.cwd, ctx.repositoryRoot);
  };

  let cancelled = false;
  let deadline: NodeJS.Timeout | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (cancelled) {
      // The runner's SIGTERM comes 7.5 s after its SIGINT and 2.5 s before it kills this process
      // (not the engine, which runs in its own process group). Never a second interrupt: terraform
      // reads it as "exit now" and leaves the state lock held.
      if (signal === 'SIGTERM') {
        child.keepOutputOpen?.();
        io.warning(
          `The runner is stopping this step; ${ctx.binary.split(/[\\/]/).pop()} (pid ${child.pid}) keeps running until it has released the state lock, and the post step waits for it and reports the cancellation.`,
        );
      }
      return;
    }
    cancelled = true;
    io.warning(
      `Cancellation received: asked ${ctx.binary.split(/[\\/]/).pop()} to stop gracefully (SIGINT) and waiting up to ${Math.round(deps.cancelGraceMs / 1000)}s for it to release the state lock.`,
    );
    child.signal('SIGINT');
    deadline = setTimeout(() => {
      io.warning(
        'The engine did not stop in time after cancellation; killing it. The state lock may remain: see `terraform force-unlock`.',
      );
      child.signal('SIGKILL');
    }, deps.cancelGraceMs);
  };
  deps.signals.on('SIGINT', onSignal);
  deps.signals.on('SIGTERM', onSignal);

  // Honest progress: a silent command says what it waits for, read from its last line.
  const name = ctx.binary.split(/[\\/]/).pop()!;
  const atWork = `running ${name} ${args[0] ?? ''}`.trim();
  const lockTimeout = lockTimeoutOf(args);
  const still = startStillWaiting((line) => io.info(line), atWork, {
    ...(deps.stillWaitingMs !== undefined ? { intervalMs: deps.stillWaitingMs } : {}),
    ...(deps.now ? { now: deps.now } : {}),
    detail: (what) =>
      what === STATE_LOCK && lockTimeout
        ? `; another process holds it; ${name} gives up after ${lockTimeout}`
        : '',
  });
  const shown = (text: string): void => {
    const last =
      text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .pop() ?? '';
    still.touch(waitingFor(last, atWork));
    io.info(text);
  };

  let stderr = '';
  const stderrDone = (async () => {
    for await (const chunk of child.stderr) {
      const text = (chunk as Buffer).toString('utf8');
      if (stderr.length < MAX_STDERR) stderr += text.slice(0, MAX_STDERR - stderr.length);
      shown(text.replace(/\n$/, ''));
    }
  })();

  let value: T | undefined;
  const stdoutDone = (async () => {
    if (options.consume) {
      value = await options.consume(child.stdout);
      return;
    }
    for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
      if (!options.jsonEvents || !line.startsWith('{')) {
        shown(line);
        continue;
      }
      let event: { type?: string; '@message'?: string; diagnostic?: object };
      try {
        event = JSON.parse(line) as typeof event;
      } catch {
        shown(line);
        continue;
      }
      const diagnostic = fromJsonEvent(event);
      still.touch();
      if (diagnostic) report(diagnostic);
      else if (event['@message'] && event.type !== 'version') shown(event['@message']);
    }
  })();

  try {
    const [exit] = await Promise.all([child.exited, stdoutDone, stderrDone]);
    io.saveState(ENGINE_PID_STATE, '');
    if (!options.jsonEvents && exit.code !== 0) for (const d of fromText(stderr)) report(d);
    return { exit, cancelled, diagnostics, value };
  } catch (error) {
    // The consumer gave up (e.g. invalid plan JSON): stop the reader command, do not leave it blocked.
    child.signal('SIGTERM');
    child.stdout.resume();
    await child.exited.catch(() => undefined);
    const syscall = (error as { syscall?: string }).syscall;
    if (syscall?.startsWith('spawn'))
      throw new GrapeError(`Could not start ${ctx.binary}: ${errorMessage(error)}.`);
    throw error;
  } finally {
    still.stop();
    clearTimeout(deadline);
    deps.signals.off('SIGINT', onSignal);
    deps.signals.off('SIGTERM', onSignal);
  }
}
