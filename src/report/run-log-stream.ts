/**
 * Streams the run's log to the dispatcher while the run goes on (issue 17): an ActionsIO that
 * passes every call through to the runner and also keeps what the job log shows (info lines,
 * Terraform's output, annotations and groups as the runner's workflow commands, the failure),
 * masked with every value given to `setSecret`. Lines wait until the dispatcher is known (the spec
 * is parsed), then go as numbered chunks, one request at a time: sent at once when idle, batched
 * while a request is in flight. Lines waiting to be sent are bounded: past `maxBytes` the oldest
 * waiting ones give way (the end of a log, where the error is, matters most) and one line says how
 * many bytes were not sent. A dispatcher that refuses chunks (an older one, or one whose bound
 * drops them) ends the stream quietly; the run never fails for its log.
 *
 * Nor is the run's end delayed by it: the final flush (`close`) has a short overall deadline
 * (FINAL_FLUSH_MS; the action has no settings path for it). Past it the chunk in flight and any
 * wait before a retry are abandoned at once, and one warning names what was not sent; the whole
 * log stays in the job log on GitHub. The run's report, sent after, keeps its own retries
 * (post-report.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ActionsIO } from '../runner/actions-io.js';
import { getOidcToken } from '../identity/oidc-token.js';
import { maskValues, printable } from './mask-values.js';
import { sendLogChunk, type SendChunkDeps } from './send-log-chunk.js';

/** How long the run's end waits for its last log chunks, at most. */
export const FINAL_FLUSH_MS = 4000;

export interface RunLogTarget {
  /** The report callback URL; chunks go to its sibling `log`. */
  readonly url: string;
  readonly audience: string;
  readonly deploymentId: string;
}

export interface RunLogStream {
  readonly io: ActionsIO;
  /** Starts sending (what was logged so far first). */
  start(target: RunLogTarget): void;
  /**
   * Sends what is left, waiting at most `timeoutMs` (default FINAL_FLUSH_MS), and stops; past
   * that, abandons what is left and warns once, naming it.
   */
  close(timeoutMs?: number): Promise<void>;
}

export interface RunLogStreamDeps {
  readonly env: NodeJS.ProcessEnv;
  readonly fetch: typeof fetch;
  /** The most one chunk carries (the dispatcher takes up to 64 KiB). */
  readonly chunkBytes?: number;
  /** Lines waiting to be sent (the dispatcher not known yet, or slow), at most. */
  readonly maxBytes?: number;
  readonly send?: Partial<Pick<SendChunkDeps, 'retries' | 'baseDelayMs' | 'timeoutMs'>>;
  /** Resolves once `ms` have passed, or never once `signal` aborts (tests pass their own clock). */
  readonly after?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const realAfter = (ms: number, signal: AbortSignal): Promise<void> =>
  sleep(ms, undefined, { signal }).catch(() => new Promise<void>(() => {}));

const escapeData = (s: string): string =>
  s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

export function createRunLogStream(inner: ActionsIO, deps: RunLogStreamDeps): RunLogStream {
  const masker = maskValues();
  const chunkBytes = deps.chunkBytes ?? 48 * 1024;
  const maxBytes = deps.maxBytes ?? 8 * 1024 * 1024;
  let pending: string[] = [];
  let pendingBytes = 0;
  let unsent = 0;
  const take = (): string => {
    const line = pending.shift()!;
    pendingBytes -= line.length;
    return line;
  };
  let target: RunLogTarget | undefined;
  let stopped = false;
  let seq = 0;
  let sending: Promise<void> | undefined;
  let token: string | undefined;
  // Aborted when the final flush runs out of time; `inFlight` is the chunk being sent.
  const abandon = new AbortController();
  let inFlight: { readonly seq: number; readonly bytes: number } | undefined;
  let abandonedReason: string | undefined;

  const tokenFor = async (fresh: boolean): Promise<string> => {
    if (!token || fresh) {
      token = await getOidcToken(inner, deps.env, target!.audience);
      masker.add(token);
    }
    return token;
  };
  const pump = async (): Promise<void> => {
    const url = new URL('log', target!.url).href;
    while (pending.length > 0 && !stopped) {
      let text = '';
      if (unsent > 0) {
        text = `[grape: … ${unsent} bytes of this log were not sent (too many lines waiting) …]\n`;
        unsent = 0;
      }
      while (pending.length > 0 && text.length + pending[0]!.length <= chunkBytes) text += take();
      if (text === '') text = take().slice(0, chunkBytes);
      const chunk = { deploymentId: target!.deploymentId, seq: ++seq, text: masker.mask(text) };
      inFlight = { seq: chunk.seq, bytes: Buffer.byteLength(chunk.text) };
      const answer = await sendLogChunk(url, chunk, {
        fetch: deps.fetch,
        token: tokenFor,
        ...deps.send,
        signal: abandon.signal,
      });
      if (answer.kind === 'abandoned') {
        abandonedReason = answer.reason;
        return;
      }
      inFlight = undefined;
      if (answer.kind === 'refused' || answer.kind === 'dropped') {
        stopped = true;
        pending = [];
        pendingBytes = 0;
        inner.debug(
          answer.kind === 'refused'
            ? `The dispatcher did not take the run's log (${answer.reason}): it stays in the job log.`
            : "The run's log reached the dispatcher's bound: the rest stays in the job log.",
        );
      }
    }
  };
  const kick = (): void => {
    if (!target || stopped || sending) return;
    sending = pump().finally(() => {
      sending = undefined;
      if (pending.length > 0) kick();
    });
  };
  const record = (line: string): void => {
    if (stopped) return;
    const text = `${masker.mask(printable(line))}\n`;
    pending.push(text);
    pendingBytes += text.length;
    while (pendingBytes > maxBytes && pending.length > 1) unsent += take().length;
    kick();
  };

  const io: ActionsIO = {
    ...inner,
    setSecret(value) {
      masker.add(value);
      inner.setSecret(value);
    },
    info(message) {
      record(message);
      inner.info(message);
    },
    notice(message, props) {
      record(`::notice::${escapeData(message)}`);
      inner.notice(message, props);
    },
    warning(message, props) {
      record(`::warning::${escapeData(message)}`);
      inner.warning(message, props);
    },
    error(message, props) {
      record(`::error::${escapeData(message)}`);
      inner.error(message, props);
    },
    setFailed(message) {
      record(`::error::${escapeData(message)}`);
      inner.setFailed(message);
    },
    group: (name, fn) =>
      inner.group(name, async () => {
        record(`::group::${name}`);
        try {
          return await fn();
        } finally {
          record('::endgroup::');
        }
      }),
  };
  return {
    io,
    start(to) {
      target = to;
      kick();
    },
    async close(timeoutMs = FINAL_FLUSH_MS) {
      if (!target) stopped = true;
      const drained = (async () => {
        while (sending) await sending;
      })();
      const timer = new AbortController();
      const late = await Promise.race([
        drained.then(() => false),
        (deps.after ?? realAfter)(timeoutMs, timer.signal).then(() => true),
      ]);
      timer.abort();
      stopped = true;
      if (!late || abandon.signal.aborted) return;
      // What was not sent: the chunk in flight (abandoned now) and every line still waiting.
      const first = inFlight?.seq ?? seq + 1;
      const bytes =
        (inFlight?.bytes ?? 0) + pending.reduce((sum, line) => sum + Buffer.byteLength(line), 0);
      pending = [];
      pendingBytes = 0;
      abandon.abort();
      await drained;
      if (bytes === 0) return;
      inner.warning(
        `The run's log did not reach the dispatcher within ${timeoutMs / 1000} s of the run's end ` +
          `(${abandonedReason ?? 'no answer'}): ${bytes} bytes from chunk ${first} on were not ` +
          'sent; the whole log stays in the job log.',
      );
    },
  };
}
