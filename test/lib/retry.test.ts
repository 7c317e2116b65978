/**
 * The action's one retry helper (src/lib/retry.ts): what is retried, how often, what the caller is
 * told, and that the last failure comes back unchanged.
 */
import { retry, type RetryNotice } from '../../src/lib/retry.js';

class Transient extends Error {}
const policy = { retries: 3, baseDelayMs: 1, maxDelayMs: 5 };

describe('retry', () => {
  it('retries a transient failure and returns the first success, telling each retry', async () => {
    const notices: RetryNotice[] = [];
    const seen: number[] = [];
    const result = await retry(
      async (n) => {
        seen.push(n);
        if (n < 3) throw new Transient(`busy ${n}`);
        return 'done';
      },
      { policy, shouldRetry: (e) => e instanceof Transient, onRetry: (x) => void notices.push(x) },
    );
    expect(result).toBe('done');
    expect(seen).toEqual([1, 2, 3]);
    expect(notices.map((x) => [x.error.message, x.attemptNumber, x.retriesLeft])).toEqual([
      ['busy 1', 1, 3],
      ['busy 2', 2, 2],
    ]);
  });

  it('throws a failure that is not retryable at once, unchanged', async () => {
    const refusal = new Error('AccessDenied');
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls++;
          throw refusal;
        },
        { policy, shouldRetry: (e) => e instanceof Transient },
      ),
    ).rejects.toBe(refusal);
    expect(calls).toBe(1);
  });

  it('stops after 1 + retries attempts and throws the last failure', async () => {
    let calls = 0;
    const notices: number[] = [];
    await expect(
      retry(
        async (n) => {
          calls++;
          throw new Transient(`busy ${n}`);
        },
        {
          policy,
          shouldRetry: (e) => e instanceof Transient,
          onRetry: (x) => void notices.push(x.attemptNumber),
        },
      ),
    ).rejects.toThrow('busy 4');
    expect(calls).toBe(4);
    expect(notices).toEqual([1, 2, 3]);
  });

  it('waits a full-jitter delay: random × min(max, base × 2^(n-1)), through the sleep seam', async () => {
    const waits: number[] = [];
    const notices: number[] = [];
    await expect(
      retry(
        async () => {
          throw new Transient('moved');
        },
        {
          policy: { retries: 5, baseDelayMs: 100, maxDelayMs: 1000 },
          shouldRetry: (e) => e instanceof Transient,
          onRetry: (x) => void notices.push(x.delayMs),
          sleep: async (ms) => void waits.push(ms),
          random: () => 0.5,
        },
      ),
    ).rejects.toThrow('moved');
    expect(waits).toEqual([50, 100, 200, 400, 500]);
    expect(notices).toEqual(waits);
  });

  it('waits nothing before a failure it will not retry', async () => {
    const waits: number[] = [];
    await expect(
      retry(
        async () => {
          throw new Error('AccessDenied');
        },
        { policy, shouldRetry: () => false, sleep: async (ms) => void waits.push(ms) },
      ),
    ).rejects.toThrow('AccessDenied');
    expect(waits).toEqual([]);
  });
});
