/** What the dispatch loop, the reconciler, webhooks and reports share. */
import type { DispatcherConfig } from '../config.js';
import type { Executor } from '../executor/executor.js';
import type { RateBudget } from '../github/rate-budget.js';
import type { Metrics } from '../http/metrics.js';
import type { SpecKey } from '../spec-key.js';
import type { Store } from '../store/store.js';

export interface Log {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface DispatchDeps {
  readonly store: Store;
  readonly executor: Executor;
  readonly specKey: SpecKey;
  readonly config: Pick<
    DispatcherConfig,
    | 'publicUrl'
    | 'reportAuth'
    | 'runnerRoleArn'
    | 'requireIsolation'
    | 'tenantEnvironments'
    | 'specTtlSeconds'
    | 'timings'
  >;
  readonly clock: () => Date;
  readonly budget: RateBudget;
  readonly metrics: Metrics;
  readonly log: Log;
}
