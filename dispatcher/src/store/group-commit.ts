/**
 * Group commit: writes submitted one at a time are flushed together. While a flush is in flight,
 * newly submitted items wait and leave together in the next one (at most `maxBatch` per flush), so
 * a burst of requests shares one transaction, one audit-chain lock and one WAL flush. There is no
 * timer: an idle queue flushes at once, so a lone request waits for nobody.
 *
 * A flush settles each item on its own (one item's idempotency conflict is not another's); when a
 * flush of several items throws as a whole (a constraint one item broke), each item is retried
 * alone, so the failure reaches only the item that caused it.
 */
export type Settled<O> =
  { readonly ok: true; readonly value: O } | { readonly ok: false; readonly error: unknown };

export interface GroupCommitOptions {
  /** Items per flush at most. */
  readonly maxBatch: number;
  /** Flushes in flight at once (each holds one database connection). */
  readonly concurrency: number;
}

interface Waiting<I, O> {
  readonly item: I;
  readonly resolve: (value: O) => void;
  readonly reject: (error: unknown) => void;
}

export class GroupCommit<I, O> {
  private readonly queue: Waiting<I, O>[] = [];
  private inFlight = 0;

  constructor(
    private readonly flush: (items: readonly I[]) => Promise<Settled<O>[]>,
    private readonly options: GroupCommitOptions,
  ) {
    if (options.maxBatch < 1 || options.concurrency < 1)
      throw new RangeError('maxBatch and concurrency must be at least 1');
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.concurrency && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async run(batch: readonly Waiting<I, O>[]): Promise<void> {
    let results: Settled<O>[];
    try {
      results = await this.flush(batch.map((w) => w.item));
      if (results.length !== batch.length)
        throw new Error(`group commit: ${results.length} results for ${batch.length} items`);
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      // Someone in the batch broke it: settle each alone, so only that item sees its error. One
      // after another, as flushes go: the slot this batch holds is the only one it may use.
      for (const waiting of batch) await this.run([waiting]);
      return;
    }
    results.forEach((result, i) => {
      const waiting = batch[i]!;
      if (result.ok) waiting.resolve(result.value);
      else waiting.reject(result.error);
    });
  }
}
