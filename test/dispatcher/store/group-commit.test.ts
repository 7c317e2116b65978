import { GroupCommit, type Settled } from '../../../dispatcher/src/store/group-commit.js';

/** A flush the test releases by hand, recording what each call received. */
function gatedFlush(
  settle: (item: number) => Settled<string> = (n) => ({ ok: true, value: `v${n}` }),
) {
  const calls: number[][] = [];
  const gates: Array<() => void> = [];
  const flush = async (items: readonly number[]) => {
    calls.push([...items]);
    await new Promise<void>((release) => gates.push(release));
    return items.map(settle);
  };
  const releaseNext = async () => {
    for (let i = 0; i < 100 && gates.length === 0; i++) await new Promise((r) => setImmediate(r));
    gates.shift()?.();
  };
  return { flush, calls, releaseNext };
}

describe('group commit', () => {
  it('flushes a lone item at once, and items arriving meanwhile together in the next flush', async () => {
    const { flush, calls, releaseNext } = gatedFlush();
    const batcher = new GroupCommit(flush, { maxBatch: 10, concurrency: 1 });
    const first = batcher.submit(1);
    const rest = [2, 3, 4].map((n) => batcher.submit(n));
    expect(calls).toEqual([[1]]);
    await releaseNext();
    expect(await first).toBe('v1');
    await releaseNext();
    expect(await Promise.all(rest)).toEqual(['v2', 'v3', 'v4']);
    expect(calls).toEqual([[1], [2, 3, 4]]);
  });

  it('never puts more than maxBatch items in a flush, nor runs more than `concurrency` flushes', async () => {
    const { flush, calls, releaseNext } = gatedFlush();
    const batcher = new GroupCommit(flush, { maxBatch: 2, concurrency: 2 });
    const all = [1, 2, 3, 4, 5, 6, 7].map((n) => batcher.submit(n));
    // The first two leave at once (two flushes may run); the rest wait, two at a time.
    expect(calls).toEqual([[1], [2]]);
    for (let i = 0; i < 5; i++) await releaseNext();
    expect(await Promise.all(all)).toEqual(['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7']);
    expect(calls).toEqual([[1], [2], [3, 4], [5, 6], [7]]);
  });

  it("settles each item with its own outcome: one item's error is not its neighbours'", async () => {
    const { flush, releaseNext } = gatedFlush((n) =>
      n === 2 ? { ok: false, error: new Error('conflict for 2') } : { ok: true, value: `v${n}` },
    );
    const batcher = new GroupCommit(flush, { maxBatch: 10, concurrency: 1 });
    const gate = batcher.submit(0);
    const results = [1, 2, 3].map((n) => batcher.submit(n).catch((e: Error) => e.message));
    await releaseNext();
    await gate;
    await releaseNext();
    expect(await Promise.all(results)).toEqual(['v1', 'conflict for 2', 'v3']);
  });

  it('retries each item alone when a whole flush fails, so only the culprit sees the error', async () => {
    const calls: number[][] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const batcher = new GroupCommit<number, string>(
      async (items) => {
        calls.push([...items]);
        if (items[0] === 0) await held;
        if (items.includes(13)) throw new Error('13 violates a constraint');
        return items.map((n) => ({ ok: true, value: `v${n}` }));
      },
      { maxBatch: 10, concurrency: 1 },
    );
    const gate = batcher.submit(0);
    const results = [12, 13, 14].map((n) => batcher.submit(n).catch((e: Error) => e.message));
    release();
    await gate;
    expect(await Promise.all(results)).toEqual(['v12', '13 violates a constraint', 'v14']);
    expect(calls).toEqual([[0], [12, 13, 14], [12], [13], [14]]);
  });

  it('refuses a flush that returns the wrong number of results, rather than misassigning them', async () => {
    const batcher = new GroupCommit<number, string>(async () => [], {
      maxBatch: 4,
      concurrency: 1,
    });
    await expect(batcher.submit(1)).rejects.toThrow('0 results for 1 items');
  });

  it('refuses nonsensical limits', () => {
    expect(() => new GroupCommit(async () => [], { maxBatch: 0, concurrency: 1 })).toThrow(
      RangeError,
    );
  });
});
