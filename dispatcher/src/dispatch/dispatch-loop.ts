/**
 * The dispatch loop: claims queued deployments (FOR UPDATE SKIP LOCKED, one active per project
 * and environment) and dispatches them, several at a time, so one slow or silent GitHub call holds
 * one slot (until its deadline), not the loop. Runs when woken (a deployment was queued anywhere:
 * dispatch-wakeup.ts) and on an interval as the fallback; `tick()` is what tests call. It is also
 * the store's `Claimer`: deployments claimed for it in their creating transaction are handed over
 * with `take` and dispatched at once, in the same slots.
 */
import { SYSTEM } from '../audit/audit-event.js';
import type { Claimer } from '../store/deployments-store.js';
import type { Deployment } from '../store/records.js';
import { dispatchDeployment } from './dispatch-deployment.js';
import type { DispatchDeps } from './dispatch-deps.js';

export class DispatchLoop implements Claimer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private again = false;
  private stopped = false;
  /**
   * Something may be claimable: a wake-up or tick came, or the last claim filled the room it had.
   * A slot freed by an answered call alone claims nothing: with claims made on creation, the
   * loop's own claims would otherwise mostly come back empty, one transaction each.
   */
  private pending = true;
  /** Resolves the running drain's wait for a free slot: new work may be claimable. */
  private poke: (() => void) | undefined;
  /** Attempts still talking to GitHub (what `concurrency` bounds). */
  private readonly calls = new Set<Promise<void>>();
  /** Every attempt, including those whose `running` transition waits for its group commit. */
  private readonly attempts = new Set<Promise<void>>();

  constructor(
    private readonly deps: DispatchDeps,
    /** Deployments claimed per statement at most. */
    private readonly batch = 64,
    /** Dispatch calls to GitHub in flight at once. */
    private readonly concurrency = 16,
  ) {}

  /** Dispatches what can be dispatched now; returns how many were claimed. */
  tick(): Promise<number> {
    if (this.stopped) return Promise.resolve(0);
    this.pending = true;
    if (this.running) {
      this.again = true;
      this.poke?.();
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

  /** Free slots, or 0 while stopping or waiting out a rate limit. */
  room(): number {
    if (this.stopped || this.deps.budget.retryAfterSeconds() > 0) return 0;
    return Math.max(0, Math.min(this.concurrency - this.calls.size, this.batch));
  }

  /** Dispatches deployments already claimed for this replica (committed `dispatching`). */
  take(claimed: readonly Deployment[]): void {
    for (const d of claimed) this.dispatch(d);
  }

  private dispatch(d: Deployment): void {
    let called!: () => void;
    const call = new Promise<void>((resolve) => (called = resolve));
    const attempt: Promise<void> = dispatchDeployment(d, this.deps, called)
      .catch((error: unknown) => {
        // A database error after the claim: the row stays `dispatching`, the reconciler resumes it.
        this.deps.log.error({ deployment: d.id, err: String(error) }, 'dispatch attempt failed');
      })
      .finally(() => {
        called();
        this.attempts.delete(attempt);
      });
    void call.then(() => {
      this.calls.delete(call);
      this.poke?.(); // a free slot: the drain may claim more
    });
    this.calls.add(call);
    this.attempts.add(attempt);
  }

  private async drain(): Promise<number> {
    let claimed = 0;
    for (;;) {
      for (let room = this.room(); this.pending && room > 0; room = this.room()) {
        this.pending = false;
        const batch = await this.deps.store.transitions.claimBatch(SYSTEM, room);
        for (const d of batch) this.dispatch(d);
        claimed += batch.length;
        if (batch.length === room) this.pending = true; // the room ran out first: there may be more
      }
      if (this.attempts.size === 0) return claimed;
      // Wait for a free slot (or, all calls answered, an attempt to finish) or a wake-up, then
      // look for claimable work again if there may be some.
      this.again = false;
      const woken = new Promise<void>((resolve) => (this.poke = resolve));
      await Promise.race([...(this.calls.size > 0 ? this.calls : this.attempts), woken]);
      this.poke = undefined;
    }
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

  /** Stops the timer and waits for the current tick and every attempt under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
    // A creating transaction that claimed before `stopped` may still hand rows over: wait for those
    // attempts too, until none is left.
    while (this.attempts.size > 0) await Promise.all(this.attempts);
  }
}
