/**
 * The run logs table (migrations 008, 016): ordered chunks per deployment, appended strictly in
 * sequence (a chunk is stored only as the next one expected, a resent one is acknowledged as a
 * duplicate, so a writer retrying after a network fault can neither lose nor double a chunk),
 * bounded in bytes per run, read from a sequence number on (a follower resumes where it stopped),
 * pruned after the retention.
 *
 * Past the bound the log keeps its start and its end, where the error is: the first `headBytes`
 * (a quarter of the bound) stay for good; every later chunk is stored, and the oldest chunks after
 * the head are emptied while the log is over the bound. An emptied chunk keeps its row and its
 * size, so a reader (whole or following) gets, in its place, one line saying exactly how many
 * bytes were left out.
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

/** The line a reader gets in place of emptied chunks. */
export const omittedMarker = (bytes: number): string =>
  `[grape: … ${bytes} bytes omitted … (the log passed GRAPE_LOG_MAX_BYTES: its start and its end are kept)]\n`;

export class RunLogsStore {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
    private readonly maxBytesPerRun: number,
    /** The start kept for good once the log passes its bound (default: a quarter of it). */
    private readonly headBytes = Math.floor(maxBytesPerRun / 4),
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
      const [row] = await tx.query<{
        next_seq: number;
        bytes: string | number;
        truncated: boolean;
        head_seq: number | null;
        omitted: string | number;
      }>(
        `SELECT next_seq, bytes, truncated, head_seq, omitted FROM run_logs
         WHERE deployment_id = $1 FOR UPDATE`,
        [deploymentId],
      );
      const nextSeq = row!.next_seq;
      if (seq < nextSeq) return { kind: 'duplicate', nextSeq };
      if (seq > nextSeq) return { kind: 'out-of-order', nextSeq };
      // A log cut by an earlier version (a marker, then nothing) stays as it was.
      if (row!.truncated && row!.head_seq === null && Number(row!.omitted) === 0) {
        await tx.query(
          'UPDATE run_logs SET next_seq = $2, updated_at = $3 WHERE deployment_id = $1',
          [deploymentId, seq + 1, now],
        );
        return { kind: 'dropped', nextSeq: seq + 1 };
      }
      const size = Buffer.byteLength(body);
      let bytes = Number(row!.bytes) + size;
      const inHead = row!.head_seq === null && bytes <= this.headBytes;
      const headSeq = inHead ? null : (row!.head_seq ?? seq - 1);
      await tx.query(
        'INSERT INTO run_log_chunks (deployment_id, seq, body, created_at) VALUES ($1, $2, $3, $4)',
        [deploymentId, seq, body, now],
      );
      let omitted = Number(row!.omitted);
      if (bytes > this.maxBytesPerRun) {
        // Empties the oldest chunks after the head (never this one) until the log fits again.
        const emptied = await tx.query<{ n: number }>(
          `WITH c AS (
             SELECT seq, octet_length(body) AS n,
                    sum(octet_length(body)) OVER (ORDER BY seq) AS upto
             FROM run_log_chunks
             WHERE deployment_id = $1 AND seq > $2 AND seq < $3 AND omitted = 0)
           UPDATE run_log_chunks k SET body = '', omitted = c.n
           FROM c WHERE k.deployment_id = $1 AND k.seq = c.seq AND c.upto - c.n < $4
           RETURNING c.n`,
          [deploymentId, headSeq, seq, bytes - this.maxBytesPerRun],
        );
        const freed = emptied.reduce((sum, r) => sum + Number(r.n), 0);
        bytes -= freed;
        omitted += freed;
      }
      await tx.query(
        `UPDATE run_logs SET next_seq = $2, bytes = $3, truncated = $4, head_seq = $5,
         omitted = $6, updated_at = $7 WHERE deployment_id = $1`,
        [deploymentId, seq + 1, bytes, omitted > 0, headSeq, omitted, now],
      );
      return { kind: 'stored', nextSeq: seq + 1 };
    });
  }

  /**
   * Chunks after `afterSeq`, in order, at most `limit` rows; a run of emptied chunks reads as one
   * marker line (omittedMarker) numbered as the last of them, so a follower resumes after it.
   */
  async read(deploymentId: string, afterSeq = 0, limit = 1000): Promise<LogChunk[]> {
    const rows = await this.db.query<{ seq: number; body: string; omitted: number }>(
      `SELECT seq, body, omitted FROM run_log_chunks WHERE deployment_id = $1 AND seq > $2
       ORDER BY seq LIMIT $3`,
      [deploymentId, afterSeq, limit],
      { prepare: true },
    );
    const chunks: LogChunk[] = [];
    let gap = 0;
    rows.forEach((r, i) => {
      if (r.omitted === 0) {
        chunks.push({ seq: r.seq, body: r.body });
        return;
      }
      gap += r.omitted;
      if (rows[i + 1]?.omitted) return;
      chunks.push({ seq: r.seq, body: omittedMarker(gap) });
      gap = 0;
    });
    return chunks;
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
