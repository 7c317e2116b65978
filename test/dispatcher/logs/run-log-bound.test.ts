/**
 * Past GRAPE_LOG_MAX_BYTES a run's log keeps its start and its end (issue 17): the error at the
 * end is what a reader needs. Through the API, whole (JSON) and followed (server-sent events), the
 * log reads as its first chunks, one line saying exactly how many bytes were omitted, then its
 * last chunks up to the bound, ending with the run's last line.
 */
import { createParser } from 'eventsource-parser';
import { omittedMarker } from '../../../dispatcher/src/logs/run-logs-store.js';
import { pglite, type TestStore } from '../helpers/backends.js';
import {
  AUDIENCE,
  seedTenant,
  startDispatcher,
  startEnvironment,
  type Environment,
  type Tenant,
  type TestDispatcher,
} from '../helpers/dispatcher-fixture.js';

let environment: Environment;
let store: TestStore;
let grape: TestDispatcher;
let acme: Tenant;
let url: string;

const KIB = 1024;
beforeAll(async () => {
  environment = await startEnvironment();
  store = await pglite.open(environment.clock);
  grape = await startDispatcher(
    { ...environment, env: { ...environment.env, GRAPE_LOG_MAX_BYTES: String(64 * KIB) } },
    store,
  );
  acme = await seedTenant(store, 'acme');
  url = await grape.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await grape.app.close();
  await store.close();
  await environment.close();
});

/** Chunk n of the run's log: exactly 4 KiB, its number first; the last one holds the error. */
const chunk = (n: number, last = false): string => {
  const head = last ? `chunk ${n}: Error: the apply failed` : `chunk ${n}:`;
  return `${head}${'.'.repeat(4 * KIB - head.length - 1)}\n`;
};

describe('a run log of 120 KiB with a bound of 64 KiB', () => {
  let id: string;
  let expected: string;

  beforeAll(async () => {
    const res = await grape.request({
      method: 'POST',
      url: '/v1/deployments',
      token: acme.deployer,
      payload: { project: 'network', environment: 'bound', operation: 'apply' },
    });
    id = res.json().id as string;
    await grape.ctx.loop.tick();
    const runId = environment.actions.runsFor(id)[0]!.id;
    const token = await environment.issuer.sign({
      repository: 'acme/grape-runner',
      run_id: String(runId),
      aud: AUDIENCE,
    });
    for (let n = 1; n <= 30; n++) {
      const sent = await grape.app.inject({
        method: 'POST',
        url: '/v1/runs/log',
        payload: { deploymentId: id, seq: n, text: chunk(n, n === 30) },
        headers: { authorization: `Bearer ${token}` },
      });
      expect(sent.json()).toMatchObject({ result: 'stored', nextSeq: n + 1 });
    }
    const report = await grape.app.inject({
      method: 'POST',
      url: '/v1/runs/report',
      payload: { v: 1, deploymentId: id, status: 'failed', error: 'the apply failed' },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(report.statusCode).toBe(200);
    // The head: the first 16 KiB (chunks 1-4); the tail: the last 48 KiB (chunks 19-30).
    expected = [
      ...[1, 2, 3, 4].map((n) => chunk(n)),
      omittedMarker(14 * 4 * KIB),
      ...Array.from({ length: 12 }, (_, i) => chunk(19 + i, 19 + i === 30)),
    ].join('');
  });

  it('reads whole as its start, the omitted bytes, and its end', async () => {
    const res = await grape.request({
      method: 'GET',
      url: `/v1/deployments/${id}/logs`,
      token: acme.viewer,
    });
    expect(res.json()).toMatchObject({ complete: true, truncated: true, lastSeq: 30 });
    expect(res.json().text).toBe(expected);
    expect(res.json().text).toContain('[grape: … 57344 bytes omitted …');
    expect(res.json().text.trimEnd().split('\n').at(-1)).toMatch(
      /^chunk 30: Error: the apply failed/,
    );
  });

  it('reads the same when followed, to its end', async () => {
    const response = await fetch(`${url}/v1/deployments/${id}/logs?follow=true`, {
      headers: { authorization: `Bearer ${acme.viewer}` },
    });
    const events: { event: string | undefined; data: string }[] = [];
    const parser = createParser({
      onEvent: (e) => void events.push({ event: e.event, data: e.data }),
    });
    parser.feed(await response.text());
    const text = events
      .filter((e) => e.event === 'log')
      .map((e) => (JSON.parse(e.data) as { text: string }).text)
      .join('');
    expect(text).toBe(expected);
    expect(events.at(-1)).toEqual({ event: 'end', data: JSON.stringify({ status: 'failed' }) });
  });
});
