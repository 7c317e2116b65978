/**
 * The action's side of a GitHub run's live log, against a real dispatcher on loopback: what the
 * job log shows reaches the dispatcher while the run goes on (the first lines before the end), in
 * order, masked with every value given to setSecret (before and after the stream knew its
 * dispatcher), authenticated by the run's OIDC token; an answer lost in the network is resent and
 * stored once; lines waiting past the bound give way oldest first, so the end arrives; a
 * dispatcher without the log route ends the stream quietly.
 */
import { createRunLogStream } from '../../src/report/run-log-stream.js';
import { recordingIO } from '../harness/fake-io.js';
import { pglite, type TestStore } from '../dispatcher/helpers/backends.js';
import {
  AUDIENCE,
  seedTenant,
  startDispatcher,
  startEnvironment,
  type Environment,
  type Tenant,
  type TestDispatcher,
} from '../dispatcher/helpers/dispatcher-fixture.js';
import { eventually } from '../harness/eventually.js';

let environment: Environment;
let store: TestStore;
let grape: TestDispatcher;
let acme: Tenant;
let url: string;

beforeAll(async () => {
  environment = await startEnvironment();
  store = await pglite.open(environment.clock);
  grape = await startDispatcher(environment, store);
  acme = await seedTenant(store, 'acme');
  url = await grape.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await grape.app.close();
  await store.close();
  await environment.close();
});

let serial = 0;
async function runningPlan() {
  const res = await grape.request({
    method: 'POST',
    url: '/v1/deployments',
    token: acme.deployer,
    payload: { project: 'network', environment: `stream${++serial}`, operation: 'plan' },
  });
  const id = res.json().id as string;
  await grape.ctx.loop.tick();
  return { id, runId: environment.actions.runsFor(id)[0]!.id };
}

const logText = async (id: string): Promise<string> =>
  (
    await grape.request({ method: 'GET', url: `/v1/deployments/${id}/logs`, token: acme.viewer })
  ).json().text;

let debugLogs: string[] = [];
const until = (check: () => Promise<boolean>): Promise<true> =>
  eventually(check, {
    tries: 200,
    everyMs: 25,
    what: () => `the log: ${JSON.stringify(debugLogs)}`,
  });

const env = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:1/token',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
} as NodeJS.ProcessEnv;

describe('a run streaming its log to the dispatcher', () => {
  it('arrives in order while the run goes on, masked, and a lost answer is not doubled', async () => {
    const { id, runId } = await runningPlan();
    const inner = recordingIO();
    debugLogs = inner.logs;
    inner.getIDToken = (audience) =>
      environment.issuer.sign({
        repository: 'acme/grape-runner',
        run_id: String(runId),
        aud: audience,
      });
    let lostAnswers = 0;
    const chunksSent: number[] = [];
    const flakyFetch: typeof fetch = async (input, init) => {
      const chunk = JSON.parse(String(init?.body)) as { seq: number };
      chunksSent.push(chunk.seq);
      const response = await fetch(input, init);
      // The dispatcher stored chunk 2, but its answer never arrives.
      if (chunk.seq === 2 && lostAnswers === 0) {
        lostAnswers++;
        throw new TypeError('fetch failed'); // as undici reports a reset connection
      }
      return response;
    };
    const stream = createRunLogStream(inner, {
      env,
      fetch: flakyFetch,
      send: { baseDelayMs: 10 },
    });
    const io = stream.io;
    io.setSecret('s3cr3t-key-1');
    io.info('credentials for s3cr3t-key-1 obtained');
    stream.start({ url: `${url}/v1/runs/report`, audience: AUDIENCE, deploymentId: id });
    await io.group('terraform plan', async () => {
      await until(async () => (await logText(id)).includes('::group::terraform plan'));
      io.info('Plan: 1 to add, 0 to change, 0 to destroy.');
      io.setSecret('later-secret');
      io.warning('a warning\nover two lines with later-secret');
    });
    // The first lines are at the dispatcher before the run ends (close is its end).
    await until(async () => (await logText(id)).includes('::endgroup::'));
    io.info('the last line');
    await stream.close();
    expect(await logText(id)).toBe(
      [
        'credentials for *** obtained',
        '::group::terraform plan',
        'Plan: 1 to add, 0 to change, 0 to destroy.',
        '::warning::a warning%0Aover two lines with ***',
        '::endgroup::',
        'the last line',
        '',
      ].join('\n'),
    );
    expect(lostAnswers).toBe(1);
    expect(chunksSent.filter((s) => s === 2)).toHaveLength(2);
    // The runner's own log got everything unchanged (it masks by itself).
    expect(inner.logs).toContain('credentials for s3cr3t-key-1 obtained');
  });

  it('keeps the end when more lines wait than its bound, saying how many bytes were not sent', async () => {
    const { id, runId } = await runningPlan();
    const inner = recordingIO();
    inner.getIDToken = (audience) =>
      environment.issuer.sign({
        repository: 'acme/grape-runner',
        run_id: String(runId),
        aud: audience,
      });
    const stream = createRunLogStream(inner, {
      env,
      fetch,
      maxBytes: 40,
      send: { baseDelayMs: 10 },
    });
    // Ten lines of 10 bytes before the dispatcher is known: only the last four fit the bound.
    for (let n = 1; n <= 10; n++) stream.io.info(`line ${String(n).padStart(4, '0')}`);
    stream.start({ url: `${url}/v1/runs/report`, audience: AUDIENCE, deploymentId: id });
    await stream.close();
    expect(await logText(id)).toBe(
      [
        '[grape: … 60 bytes of this log were not sent (too many lines waiting) …]',
        'line 0007',
        'line 0008',
        'line 0009',
        'line 0010',
        '',
      ].join('\n'),
    );
  });

  it('stops quietly when the dispatcher has no log route, and the run goes on', async () => {
    const inner = recordingIO();
    inner.getIDToken = async () => 'a-token';
    const calls: string[] = [];
    const stream = createRunLogStream(inner, {
      env,
      fetch: async (input) => {
        calls.push(String(input));
        return new Response(JSON.stringify({ error: 'not_found', message: 'No route' }), {
          status: 404,
        });
      },
      send: { baseDelayMs: 10 },
    });
    stream.start({
      url: 'https://old.grape.test/v1/runs/report',
      audience: AUDIENCE,
      deploymentId: 'dep_0123456789abcdef0123',
    });
    stream.io.info('one');
    await stream.close();
    stream.io.info('two');
    expect(calls).toEqual(['https://old.grape.test/v1/runs/log']);
    expect(inner.logs).toEqual([
      'one',
      "debug: The dispatcher did not take the run's log (HTTP 404: No route): it stays in the job log.",
      'two',
    ]);
  });
});
