/**
 * Live deployment changes for the console: one LISTEN on `grape_deployments` (migration 006's
 * triggers, delivered at commit, from any replica) fanned out to this process's subscribers of
 * the same tenant. The listener starts with the first subscriber and stops with the app.
 */
import type { Db } from '../store/db.js';

export interface DeploymentChange {
  readonly tenantId: string;
  readonly projectId: string;
  readonly id: string;
}

export type ChangeListener = (change: DeploymentChange) => void;

export const DEPLOYMENTS_CHANNEL = 'grape_deployments';

export class DeploymentEvents {
  private readonly subscribers = new Set<{ tenantId: string; listener: ChangeListener }>();
  private stop: Promise<() => Promise<void>> | undefined;
  /** False while the listening connection is down (subscribers are told to refetch when back). */
  private onResync = new Set<() => void>();

  constructor(private readonly db: Db) {}

  async subscribe(
    tenantId: string,
    listener: ChangeListener,
    resync: () => void,
  ): Promise<() => void> {
    this.stop ??= this.db.listen(DEPLOYMENTS_CHANNEL, {
      onMessage: (payload) => {
        const [t, projectId, id] = payload.split(' ');
        if (!t || !projectId || !id) return;
        for (const s of this.subscribers)
          if (s.tenantId === t) s.listener({ tenantId: t, projectId, id });
      },
      onListening: (now) => {
        if (now) for (const r of this.onResync) r();
      },
    });
    await this.stop;
    const entry = { tenantId, listener };
    this.subscribers.add(entry);
    this.onResync.add(resync);
    return () => {
      this.subscribers.delete(entry);
      this.onResync.delete(resync);
    };
  }

  async close(): Promise<void> {
    const stop = this.stop;
    this.stop = undefined;
    this.subscribers.clear();
    if (stop) await (await stop)();
  }
}
