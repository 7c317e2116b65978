/**
 * The run logs table (migration 006): ordered chunks per deployment, appended strictly in sequence
 * (a chunk is stored only as the next one expected, a resent one is acknowledged as a duplicate,
 * so a writer retrying after a network fault can neither lose nor double a chunk), bounded in bytes
 * per run (past the bound one marker line is kept, then chunks are acknowledged and dropped), read
 * from a sequence number on (a follower resumes where it stopped), pruned after the retention.
 */
import type { Db } from '../store/db.js';

export type LogSource = 'local' | 'stream' | 'github';

export interface LogChunk {
  readonly seq: number;
  readonly body: string;
}

export type AppendResult =
  | { readonly kind: 'stored'; readonly nextSeq: number }
  | { readonly kind: 'duplicate'; readonly nextSeq: number }
  | { readonly kind: 'dropped'; readonly nextSeq: number }
  | { readonly kind: 'out-of-order'; readonly nextSeq: number };

export interface RunLogState {
  readonly source: LogSource;
  readonly nextSeq: number;
  readonly bytes: number;
  readonly truncated: boolean;
}

/** The line stored in place of the chunks past the bound. */
export const truncatedMarker = (maxBytes: number): string =>
  `[grape: this run's log passed ${maxBytes} bytes; the rest is left out (the run's report and status still arrive)]\n`;

export class RunLogsStore {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
    private readonly maxBytesPerRun: number,
  ) {}

  /**
   * Stores chunk `seq` of a deployment's log when it is the next one expected. Chunks of one
   * deployment are serialised by its `run_logs` row lock, so sequence order is commit order.
   */
  async append(
    deploymentId: string,
    source: LogSource,
    seq: number,
    body: string,
  ): Promise<AppendResult> {
    const now = this.clock();
    return this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO run_logs (deployment_id, source, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (deployment_id) DO NOTHING`,
        [deploymentId, source, now],
      );
      const [row] = await tx.query<{ next_seq: number; bytes: number; truncated: boolean }>(
        'SELECT next_seq, bytes, truncated FROM run_logs WHERE deployment_id = $1 FOR UPDATE',
        [deploymentId],
      );
      const nextSeq = row!.next_seq;
      if (seq < nextSeq) return { kind: 'duplicate', nextSeq };
      if (seq > nextSeq) return { kind: 'out-of-order', nextSeq };
      const size = Buffer.byteLength(body);
      const fits = !row!.truncated && Number(row!.bytes) + size <= this.maxBytesPerRun;
      const kept = fits ? body : row!.truncated ? undefined : truncatedMarker(this.maxBytesPerRun);
      if (kept !== undefined)
        await tx.query(
          'INSERT INTO run_log_chunks (deployment_id, seq, body, created_at) VALUES ($1, $2, $3, $4)',
          [deploymentId, seq, kept, now],
        );
      await tx.query(
        `UPDATE run_logs SET next_seq = $2, bytes = bytes + $3, truncated = truncated OR $4,
         updated_at = $5 WHERE deployment_id = $1`,
        [deploymentId, seq + 1, fits ? size : 0, !fits, now],
      );
      return { kind: fits ? 'stored' : 'dropped', nextSeq: seq + 1 };
    });
  }

  /** Chunks after `afterSeq`, in order, at most `limit`. */
  async read(deploymentId: string, afterSeq = 0, limit = 1000): Promise<LogChunk[]> {
    return this.db.query<LogChunk>(
      `SELECT seq, body FROM run_log_chunks WHERE deployment_id = $1 AND seq > $2
       ORDER BY seq LIMIT $3`,
      [deploymentId, afterSeq, limit],
      { prepare: true },
    );
  }

  async state(deploymentId: string): Promise<RunLogState | undefined> {
    const [row] = await this.db.query<{
      source: LogSource;
      next_seq: number;
      bytes: number;
      truncated: boolean;
    }>('SELECT source, next_seq, bytes, truncated FROM run_logs WHERE deployment_id = $1', [
      deploymentId,
    ]);
    return row
      ? {
          source: row.source,
          nextSeq: row.next_seq,
          bytes: Number(row.bytes),
          truncated: row.truncated,
        }
      : undefined;
  }

  /** Deletes the logs last written before `before`; returns how many runs' logs went. */
  async prune(before: Date): Promise<number> {
    const rows = await this.db.query('DELETE FROM run_logs WHERE updated_at < $1 RETURNING 1', [
      before,
    ]);
    return rows.length;
  }
}
