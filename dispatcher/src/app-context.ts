/** Everything the routes need, built once per app. */
import type { DispatcherConfig } from './config.js';
import type { DispatchDeps } from './dispatch/dispatch-deps.js';
import type { DispatchLoop } from './dispatch/dispatch-loop.js';
import type { Reconciler } from './dispatch/reconciler.js';
import type { LogHub } from './logs/log-hub.js';
import type { NotificationSender } from './notifications/notification-sender.js';
import type { NotificationsStore } from './notifications/notifications-store.js';
import type { RunLogsStore } from './logs/run-logs-store.js';
import type { ReportVerifier } from './run-report/verify-report-token.js';
import type { DriftScheduler } from './schedules/drift-scheduler.js';

export interface AppContext extends DispatchDeps {
  readonly config: DispatcherConfig;
  readonly loop: DispatchLoop;
  readonly reconciler: Reconciler;
  readonly reportVerifier: ReportVerifier;
  /** Run logs (dispatcher/src/logs/) and the wake-ups of their followers. */
  readonly runLogs: RunLogsStore;
  readonly logHub: LogHub;
  /** Outbound webhooks (dispatcher/src/notifications/). */
  readonly notifications: NotificationsStore;
  readonly notificationSender: NotificationSender;
  readonly driftScheduler: DriftScheduler;
  /** Ask the loop to dispatch soon (a deployment was created in this process). */
  wake(): void;
}
