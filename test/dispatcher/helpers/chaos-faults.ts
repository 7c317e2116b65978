/**
 * The faults a chaos run injects into the GitHub stand-in, drawn from a seeded generator so a run
 * can be replayed: on dispatches, answers instead of the effect (502, 429 + Retry-After, GitHub's
 * secondary-limit 403), and after the effect (500, a dropped connection, an answer later than the
 * deadline, none at all); on look-ups and reads, 502s and silence. A budget bounds the total.
 */
import type { GitHubFault } from '../../harness/github/github-api.js';

const DISPATCH = 'actions/create-workflow-dispatch';

/** mulberry32: small, seedable, good enough to spread faults. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// GitHub's documented secondary-rate-limit answer (REST docs, "Rate limits for the REST API":
// 403 or 429, `retry-after` when known, this message).
const secondaryLimit: GitHubFault = {
  status: 403,
  headers: { 'retry-after': '1', 'x-ratelimit-remaining': '4990' },
  body: {
    message:
      'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.',
    documentation_url:
      'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
    status: '403',
  },
};

export function dispatchFaults(deadlineMs: number): readonly GitHubFault[] {
  const serverError = (status: number) => ({
    status,
    body: { message: 'Server Error', documentation_url: 'https://docs.github.com/rest' },
  });
  return [
    serverError(502),
    { ...serverError(500), afterEffect: true },
    {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { message: 'Too many requests', documentation_url: 'https://docs.github.com/rest' },
    },
    secondaryLimit,
    { kind: 'drop', afterEffect: true },
    { kind: 'drop' },
    { kind: 'late', delayMs: 2 * deadlineMs },
    { kind: 'late', delayMs: Math.floor(deadlineMs / 4) },
    { kind: 'hang', afterEffect: true },
    { kind: 'hang' },
  ];
}

export interface ChaosFaults {
  /** For the stand-in's `faultPolicy`. */
  pick(operationId: string): GitHubFault | undefined;
  injected(): number;
}

export function chaosFaults(options: {
  seed: number;
  deadlineMs: number;
  budget: number;
  dispatchRate: number;
  readRate: number;
}): ChaosFaults {
  const random = seeded(options.seed);
  const onDispatch = dispatchFaults(options.deadlineMs);
  const onRead: readonly GitHubFault[] = [
    { status: 502, body: { message: 'Server Error' } },
    { kind: 'hang' },
  ];
  let count = 0;
  let dispatches = 0;
  const draw = (): GitHubFault => {
    count++;
    dispatches++;
    // Round-robin first, so every kind shows up even in a short run; random after.
    return dispatches <= onDispatch.length
      ? onDispatch[dispatches - 1]!
      : onDispatch[Math.floor(random() * onDispatch.length)]!;
  };
  return {
    pick(operationId) {
      if (count >= options.budget) return undefined;
      if (operationId === DISPATCH) return random() < options.dispatchRate ? draw() : undefined;
      if (
        operationId === 'actions/list-workflow-runs' ||
        operationId === 'actions/get-workflow-run'
      )
        if (random() < options.readRate) {
          count++;
          return onRead[Math.floor(random() * onRead.length)];
        }
      return undefined;
    },
    injected: () => count,
  };
}
