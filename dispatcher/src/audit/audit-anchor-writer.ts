/**
 * Keeps this replica's anchor file (audit-anchor.ts) up to date: every few seconds, when the head
 * moved, and once more when the dispatcher stops. A failure to write is logged, never fatal: the
 * anchor narrows what a database writer could hide, the service does not depend on it.
 */
import { writeAnchor } from './audit-anchor.js';
import type { Store } from '../store/store.js';

/** How often the anchor follows the head: truncation of events younger than this can go unseen. */
export const AUDIT_ANCHOR_INTERVAL_MS = 5000;

interface Log {
  warn(obj: object, msg?: string): void;
}

export class AuditAnchorWriter {
  private timer: NodeJS.Timeout | undefined;
  private lastSeq = -1;
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: Pick<Store, 'audit'>,
    private readonly file: string,
    private readonly log: Log,
  ) {}

  start(intervalMs: number): void {
    this.timer ??= setInterval(() => void this.write(), intervalMs);
    this.timer.unref();
  }

  /** Writes the anchor now if the head moved since the last write. */
  async write(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      try {
        const anchor = await this.store.audit.anchor();
        if (anchor.seq === this.lastSeq) return;
        await writeAnchor(this.file, anchor);
        this.lastSeq = anchor.seq;
      } catch (error) {
        this.log.warn({ err: error, file: this.file }, 'could not write the audit anchor');
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.write();
  }
}
