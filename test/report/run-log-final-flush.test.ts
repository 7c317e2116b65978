/**
 * The run's end is not delayed by its log stream: with a dispatcher that never answers, or whose
 * port is closed, the final flush gives up at its deadline (an injected clock here), abandons the
 * chunk in flight and any wait before a retry, and one warning names what was not sent.
 */
import { createRunLogStream, FINAL_FLUSH_MS } from '../../src/report/run-log-stream.js';
import { recordingIO } from '../harness/fake-io.js';
import { listenOnLoopback } from '../harness/http-server.js';
import { eventually } from '../harness/eventually.js';

const env = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:1/token',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
} as NodeJS.ProcessEnv;

const deploymentId = 'dep_0123456789abcdef0123';

/** The final flush's deadline, passed when the test says so; the deadlines asked for are kept. */
function manualDeadline() {
  const asked: number[] = [];
  let pass: (() => void) | undefined;
  return {
    asked,
    after: (ms: number) => {
      asked.push(ms);
      return new Promise<void>((resolve) => {
        pass = resolve;
      });
    },
    pass: () => pass!(),
  };
}

const until = (check: () => boolean): Promise<true> =>
  eventually(check, { tries: 200, everyMs: 10 });

describe('the final flush to a dispatcher that never answers', () => {
  it('gives up at its deadline and warns with the bytes and the first chunk not sent', async () => {
    let requests = 0;
    const silent = await listenOnLoopback(() => void requests++); // never answers
    try {
      const inner = recordingIO();
      inner.getIDToken = async () => 'a-token';
      const deadline = manualDeadline();
      const stream = createRunLogStream(inner, { env, fetch, after: deadline.after });
      stream.start({ url: `${silent.url}/v1/runs/report`, audience: 'grape', deploymentId });
      stream.io.info('first line');
      await until(() => requests === 1);
      stream.io.info('last line');
      const closing = stream.close();
      deadline.pass();
      await closing;
      expect(deadline.asked).toEqual([FINAL_FLUSH_MS]);
      expect(inner.annotations).toEqual([
        {
          level: 'warning',
          message:
            "The run's log did not reach the dispatcher within 4 s of the run's end (no answer): " +
            '21 bytes from chunk 1 on were not sent; the whole log stays in the job log.',
        },
      ]);
      expect(requests).toBe(1);
    } finally {
      await silent.close();
    }
  });
});

describe('the final flush to a closed port', () => {
  it('stops retrying at its deadline: no attempt after it', async () => {
    const gone = await listenOnLoopback(() => undefined);
    await gone.close();
    const inner = recordingIO();
    inner.getIDToken = async () => 'a-token';
    const deadline = manualDeadline();
    let attempts = 0;
    const stream = createRunLogStream(inner, {
      env,
      // The deadline passes during the third attempt; the policy would allow six.
      fetch: (input, init) => {
        if (++attempts === 3) deadline.pass();
        // Node's fetch fails with a TypeError of Node's realm, which is no Error in jest's
        // module realm (p-retry would call it "Non-error"); the action runs in one realm.
        return fetch(input, init).catch((error: Error) => {
          throw Object.assign(new TypeError(error.message), { cause: error.cause });
        });
      },
      send: { retries: 5, baseDelayMs: 1 },
      after: deadline.after,
    });
    stream.start({ url: `${gone.url}/v1/runs/report`, audience: 'grape', deploymentId });
    stream.io.info('the only line');
    await stream.close();
    expect(attempts).toBe(3);
    expect(inner.annotations).toEqual([
      {
        level: 'warning',
        message:
          "The run's log did not reach the dispatcher within 4 s of the run's end " +
          '(fetch failed: ECONNREFUSED): 14 bytes from chunk 1 on were not sent; the whole log ' +
          'stays in the job log.',
      },
    ]);
    // A second close (main.ts closes again after the report) neither waits nor warns again.
    await stream.close();
    expect(attempts).toBe(3);
    expect(inner.annotations).toHaveLength(1);
  });
});
