/**
 * The post step after a cancel: when the runner killed the main step while terraform was still
 * stopping, the post step waits for that engine process (the state lock) and reports `cancelled`.
 */
import { spawn } from 'node:child_process';
import { finishCancelledRun, isRunning } from '../../src/report/finish-cancelled-run.js';
import { recordingIO, type RecordingIO } from '../harness/fake-io.js';

const target = {
  url: 'https://grape.example/v1/runs/report',
  audience: 'https://grape.example',
  deploymentId: 'dep_0123456789abcdef0123',
};
const env = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't',
};

function postIO(state: Record<string, string>): RecordingIO {
  const io = recordingIO();
  Object.assign(io.state, state);
  io.getIDToken = async (audience) => `oidc-token-for-${audience}`;
  return io;
}

function recordingFetch() {
  const posts: Array<{ url: string; authorization: string; body: unknown }> = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    posts.push({
      url: String(url),
      authorization: (init?.headers as Record<string, string>)['authorization']!,
      body: JSON.parse(String(init?.body)),
    });
    return new Response('{"accepted":true}', { status: 200 });
  };
  return { posts, fetch: fetch as typeof globalThis.fetch };
}

describe('a main step that finished', () => {
  it('leaves the post step nothing to do', async () => {
    const io = postIO({ 'grape-main': 'finished', 'grape-report-target': JSON.stringify(target) });
    const { posts, fetch } = recordingFetch();
    await finishCancelledRun(io, { env, fetch, isRunning: async () => true });
    expect(posts).toEqual([]);
    expect(io.logs).toEqual([]);
  });
});

describe('a main step killed while terraform was still stopping', () => {
  it('waits for the engine to exit, then reports the cancel with the run token', async () => {
    const io = postIO({
      'grape-main': 'started',
      'grape-engine-pid': '4242',
      'grape-report-target': JSON.stringify(target),
    });
    let polls = 0;
    const { posts, fetch } = recordingFetch();
    await finishCancelledRun(io, {
      env,
      fetch,
      pollMs: 1,
      isRunning: async (pid) => pid === 4242 && ++polls < 4,
    });
    expect(io.logs).toContain(
      'The main step was stopped while the engine (pid 4242) was still stopping gracefully: waiting for it to write its state and release the lock.',
    );
    expect(io.logs).toContain('The engine (pid 4242) has stopped.');
    expect(posts).toEqual([
      {
        url: target.url,
        authorization: 'Bearer oidc-token-for-https://grape.example',
        body: {
          v: 1,
          deploymentId: target.deploymentId,
          status: 'cancelled',
          error: 'The run was cancelled before it finished.',
        },
      },
    ]);
  });

  it('says how to unlock when the engine does not stop in time, and still reports', async () => {
    const io = postIO({
      'grape-main': 'started',
      'grape-engine-pid': '4242',
      'grape-report-target': JSON.stringify(target),
    });
    const { posts, fetch } = recordingFetch();
    await finishCancelledRun(io, {
      env,
      fetch,
      pollMs: 1,
      waitMs: 20,
      isRunning: async () => true,
    });
    expect(io.annotations.map((a) => a.message)).toEqual([
      'The engine (pid 4242) had not stopped after 0s; the state lock may remain. Check the state and run `terraform force-unlock <lock id>` if it does.',
    ]);
    expect(posts).toHaveLength(1);
  });

  it('reports nothing for a run without a dispatcher spec', async () => {
    const io = postIO({ 'grape-main': 'started', 'grape-engine-pid': '' });
    const { posts, fetch } = recordingFetch();
    await finishCancelledRun(io, { env, fetch, isRunning: async () => false });
    expect(posts).toEqual([]);
  });
});

describe('isRunning', () => {
  it('follows a real process until it exits', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 200)']);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    expect(await isRunning(child.pid!)).toBe(true);
    await exited;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await isRunning(child.pid!)).toBe(false);
  });
});
