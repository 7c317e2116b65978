/**
 * The dispatch loop: claims queued deployments (FOR UPDATE SKIP LOCKED, one active per project
 * and environment) and dispatches them. Runs on an interval and whenever a deployment is created
 * in this process; `tick()` is what tests call.
 */
import { SYSTEM } from '../audit/audit-event.js';
import { dispatchDeployment } from './dispatch-deployment.js';
import type { DispatchDeps } from './dispatch-deps.js';

export class DispatchLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly deps: DispatchDeps,
    private readonly batch = 50,
  ) {}

  /** Dispatches what can be dispatched now; returns how many were claimed. */
  tick(): Promise<number> {
    if (this.stopped) return Promise.resolve(0);
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.tick();
      }
    });
    return this.running;
  }

  private async drain(): Promise<number> {
    if (this.deps.budget.retryAfterSeconds() > 0) return 0;
    let claimed = 0;
    for (; claimed < this.batch && !this.stopped; claimed++) {
      const d = await this.deps.store.transitions.claimNext(SYSTEM);
      if (!d) break;
      try {
        await dispatchDeployment(d, this.deps);
      } catch (error) {
        // A database error after the claim: the row stays `dispatching`, the reconciler resumes it.
        this.deps.log.error({ deployment: d.id, err: String(error) }, 'dispatch attempt failed');
      }
    }
    return claimed;
  }

  start(intervalMs: number): void {
    const loop = (): void => {
      this.timer = setTimeout(() => {
        void this.tick()
          .catch((error: unknown) =>
            this.deps.log.error({ err: String(error) }, 'dispatch tick failed'),
          )
          .finally(() => this.timer !== undefined && loop());
      }, intervalMs);
      this.timer.unref();
    };
    loop();
  }

  /** Stops the timer and waits for the current tick. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }
}
