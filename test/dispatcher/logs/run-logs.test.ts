/**
 * A GitHub run's log, as the action streams it: chunks authenticated by the run's own OIDC token,
 * in order (a resent chunk is a duplicate, one ahead is refused with the number expected), a
 * forged or another run's token cannot append, a tenant reads only its own deployments' logs,
 * `grape logs -f` prints the lines while the run goes on and follows to the end, the log
 * survives a dispatcher restart, and a run that never streamed shows GitHub's job log (every job's,
 * its start and its end kept past the bound).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import type { CliIO } from '../../../dispatcher/src/cli/cli-io.js';
import { remoteCliIO } from '../helpers/recording-cli.js';
import { runCli } from '../../../dispatcher/src/cli/program.js';
import { openStore, type Store } from '../../../dispatcher/src/store/store.js';
import { installJobLogs } from '../../harness/github/job-logs.js';
import { pglite, type TestStore } from '../helpers/backends.js';
import {
  AUDIENCE,
  dispatcherOn,
  seedTenant,
  startDispatcher,
  startEnvironment,
  type Environment,
  type Tenant,
  type TestDispatcher,
} from '../helpers/dispatcher-fixture.js';
import { eventually } from '../../harness/eventually.js';

let environment: Environment;
let store: TestStore;
let grape: TestDispatcher;
let acme: Tenant;
let globex: Tenant;
let url: string;

beforeAll(async () => {
  environment = await startEnvironment();
  store = await pglite.open(environment.clock);
  grape = await startDispatcher(environment, store);
  acme = await seedTenant(store, 'acme');
  globex = await seedTenant(store, 'globex');
  url = await grape.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await grape.app.close();
  await store.close();
  await environment.close();
});
afterEach(() => expect(environment.github.violations).toEqual([]));

let envSerial = 0;
async function runningPlan(on: TestDispatcher = grape, tenant: Tenant = acme) {
  const res = await on.request({
    method: 'POST',
    url: '/v1/deployments',
    token: tenant.deployer,
    payload: { project: 'network', environment: `logs${++envSerial}`, operation: 'plan' },
  });
  expect(res.statusCode).toBe(202);
  const id = res.json().id as string;
  await on.ctx.loop.tick();
  const runId = environment.actions.runsFor(id)[0]!.id;
  return { id, runId };
}

const runToken = (runId: number, repository = 'acme/grape-runner') =>
  environment.issuer.sign({ repository, run_id: String(runId), aud: AUDIENCE });

async function append(
  id: string,
  seq: number,
  text: string,
  token: string | undefined,
  on: TestDispatcher = grape,
) {
  return on.app.inject({
    method: 'POST',
    url: '/v1/runs/log',
    payload: { deploymentId: id, seq, text },
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

const readLog = async (id: string, token = acme.viewer, on: TestDispatcher = grape) =>
  on.request({ method: 'GET', url: `/v1/deployments/${id}/logs`, token });

describe('a run appending its log', () => {
  it('stores chunks in order, acknowledges a resent one, and names the one expected when ahead', async () => {
    const { id, runId } = await runningPlan();
    const token = await runToken(runId);
    expect((await append(id, 1, '::group::terraform init\n', token)).json()).toEqual({
      deploymentId: id,
      result: 'stored',
      nextSeq: 2,
    });
    // Readable while the run goes on.
    expect((await readLog(id)).json()).toEqual({
      deploymentId: id,
      complete: false,
      source: 'stream',
      truncated: false,
      waiting: null,
      lastSeq: 1,
      text: '::group::terraform init\n',
    });
    expect((await append(id, 1, '::group::terraform init\n', token)).json()).toMatchObject({
      result: 'duplicate',
      nextSeq: 2,
    });
    const ahead = await append(id, 3, 'later\n', token);
    expect(ahead.statusCode).toBe(409);
    expect(ahead.json()).toMatchObject({
      error: 'out_of_order',
      message: `Chunk 3 of ${id} is ahead of the log: send chunk 2 next.`,
      problems: [{ field: 'seq', expected: '2' }],
    });
    expect((await append(id, 2, 'Initializing the backend...\n', token)).statusCode).toBe(200);
    expect((await readLog(id)).json().text).toBe(
      '::group::terraform init\nInitializing the backend...\n',
    );
  });

  it("refuses a forged token, another run's, another repository's and none, and stores nothing", async () => {
    const { id, runId } = await runningPlan();
    const other = await runningPlan();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = await new SignJWT({
      repository: 'acme/grape-runner',
      run_id: String(runId),
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'forged' })
      .setIssuer(environment.issuer.issuer)
      .setAudience(AUDIENCE)
      .setIssuedAt(Math.floor(environment.clock().getTime() / 1000))
      .setExpirationTime(Math.floor(environment.clock().getTime() / 1000) + 300)
      .sign(privateKey);
    const forgedAnswer = await append(id, 1, 'forged\n', forged);
    expect(forgedAnswer.statusCode).toBe(401);
    expect(forgedAnswer.json().message).toMatch(/^The OIDC token was refused: /);
    const otherRun = await append(id, 1, 'other\n', await runToken(other.runId));
    expect(otherRun.statusCode).toBe(403);
    expect(otherRun.json().message).toBe(
      `The token belongs to run ${other.runId}, not to the run of ${id}.`,
    );
    expect((await append(id, 1, 'x\n', await runToken(runId, 'evil/runner'))).statusCode).toBe(403);
    expect((await append(id, 1, 'x\n', undefined)).statusCode).toBe(401);
    expect((await readLog(id)).json()).toMatchObject({ text: '', source: null, lastSeq: 0 });
  });

  it("is read by the deployment's tenant only", async () => {
    const { id, runId } = await runningPlan();
    await append(id, 1, 'acme only\n', await runToken(runId));
    const foreign = await readLog(id, globex.admin);
    expect(foreign.statusCode).toBe(404);
    expect(JSON.stringify(foreign.json())).not.toContain('acme only');
    const followed = await fetch(`${url}/v1/deployments/${id}/logs?follow=true`, {
      headers: { authorization: `Bearer ${globex.admin}` },
    });
    expect(followed.status).toBe(404);
  });
});

const cliIO = (out: string[], err: string[]): CliIO =>
  remoteCliIO({ GRAPE_URL: url, GRAPE_TOKEN: acme.viewer }, out, err);

const until = (check: () => boolean): Promise<true> =>
  eventually(check, { tries: 200, everyMs: 25 });

describe('grape logs -f', () => {
  it('prints the first lines while the run goes on, follows to the end, then the outcome', async () => {
    const { id, runId } = await runningPlan();
    const token = await runToken(runId);
    await append(
      id,
      1,
      '::group::terraform plan\nPlan: 2 to add, 0 to change, 0 to destroy.\n',
      token,
    );
    const out: string[] = [];
    const err: string[] = [];
    const following = runCli(['logs', '-f', id], cliIO(out, err));
    await until(() => out.includes('Plan: 2 to add, 0 to change, 0 to destroy.'));
    expect(out).toEqual(['::group::terraform plan', 'Plan: 2 to add, 0 to change, 0 to destroy.']);
    await append(id, 2, '::endgroup::\nsaved the plan\n', token);
    await until(() => out.includes('saved the plan'));
    const report = await grape.app.inject({
      method: 'POST',
      url: '/v1/runs/report',
      payload: {
        v: 1,
        deploymentId: id,
        status: 'succeeded',
        plan: {
          sha256: 'a'.repeat(64),
          hasChanges: true,
          summary: { create: 2, update: 0, delete: 0 },
        },
      },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(report.json()).toMatchObject({ status: 'awaiting-approval' });
    expect(await following).toBe(4);
    expect(out).toEqual([
      '::group::terraform plan',
      'Plan: 2 to add, 0 to change, 0 to destroy.',
      '::endgroup::',
      'saved the plan',
      'plan: 2 to create, 0 to update, 0 to delete',
      expect.stringMatching(new RegExp(`^${id}  awaiting-approval`)),
    ]);
    expect(err.join('\n')).toContain(`grape approve ${id}`);
  });

  it('resumes after a chunk it already has (Last-Event-ID) and ends with the run', async () => {
    const { id, runId } = await runningPlan();
    const token = await runToken(runId);
    await append(id, 1, 'one\n', token);
    await append(id, 2, 'two\n', token);
    const response = await fetch(`${url}/v1/deployments/${id}/logs`, {
      headers: {
        authorization: `Bearer ${acme.viewer}`,
        accept: 'text/event-stream',
        'last-event-id': '1',
      },
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toBe(`id: 2\nevent: log\ndata: {"seq":2,"text":"two\\n"}\n\n`);
    await grape.app.inject({
      method: 'POST',
      url: '/v1/runs/report',
      payload: { v: 1, deploymentId: id, status: 'failed', error: 'terraform plan failed' },
      headers: { authorization: `Bearer ${token}` },
    });
    let rest = '';
    for (let read = await reader.read(); !read.done; read = await reader.read())
      rest += new TextDecoder().decode(read.value);
    expect(rest).toBe(`event: end\ndata: {"status":"failed"}\n\n`);
  });
});

describe('a dispatcher restart', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'grape-logs-restart-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('keeps the log, and the run goes on appending where it stopped', async () => {
    const location = { kind: 'pglite', dataDir } as const;
    const first: Store = await openStore(location, environment.clock);
    const tenant = await seedTenant(first as TestStore, 'initech');
    let dispatcher = await startDispatcher(environment, first as TestStore);
    const { id, runId } = await runningPlan(dispatcher, tenant);
    const token = await runToken(runId);
    await append(id, 1, 'before the restart\n', token, dispatcher);
    await dispatcher.app.close();
    await first.close();

    const second: Store = await openStore(location, environment.clock);
    dispatcher = await startDispatcher(environment, second as TestStore);
    try {
      expect((await readLog(id, tenant.viewer, dispatcher)).json().text).toBe(
        'before the restart\n',
      );
      expect((await append(id, 2, 'after it\n', token, dispatcher)).json()).toMatchObject({
        result: 'stored',
      });
      expect((await readLog(id, tenant.viewer, dispatcher)).json().text).toBe(
        'before the restart\nafter it\n',
      );
    } finally {
      await dispatcher.app.close();
      await second.close();
    }
  });
});

describe('a GitHub run that never streamed', () => {
  it("shows GitHub's job log once the run ended, fetched once through the 302 download", async () => {
    const jobLogs = await installJobLogs(environment.github, {
      owner: 'acme',
      repo: 'grape-runner',
    });
    try {
      const { id, runId } = await runningPlan();
      const jobLog = '2026-11-30T20:00:00Z ##[group]Run grape/deploy@v1\nPlan: 3 to add.\n';
      jobLogs.set(runId, jobLog);
      // While it runs, nothing is fetched: the run may still stream.
      expect((await readLog(id)).json()).toMatchObject({ text: '', source: null });
      expect(jobLogs.downloads).toBe(0);
      await grape.app.inject({
        method: 'POST',
        url: '/v1/runs/report',
        payload: { v: 1, deploymentId: id, status: 'failed', error: 'terraform plan failed' },
        headers: { authorization: `Bearer ${await runToken(runId)}` },
      });
      expect((await readLog(id)).json()).toMatchObject({
        complete: true,
        source: 'github',
        text: jobLog,
      });
      expect((await readLog(id)).json().text).toBe(jobLog);
      expect(jobLogs.downloads).toBe(1);
    } finally {
      await jobLogs.close();
    }
  });

  it('keeps the start of the first job and the end of the last past the bound, saying how much was left out', async () => {
    const bound = 64 * 1024;
    const small = await dispatcherOn(
      { ...environment.env, GRAPE_LOG_MAX_BYTES: String(bound) },
      store,
      {
        clock: environment.clock,
      },
    );
    const jobLogs = await installJobLogs(environment.github, {
      owner: 'acme',
      repo: 'grape-runner',
    });
    try {
      const { id, runId } = await runningPlan(small);
      // Three jobs, each larger than the whole bound; the error is at the very end of the last.
      const job = (name: string, last: string) => ({
        name,
        text: `${name} starts\n${Array.from({ length: 2000 }, (_, i) => `${name} line ${i} ${'.'.repeat(40)}\n`).join('')}${last}\n`,
      });
      const jobs = [
        job('build', 'build ends'),
        job('test', 'test ends'),
        job('deploy', '##[error]terraform apply failed: AccessDenied'),
      ];
      jobLogs.set(runId, jobs);
      await small.app.inject({
        method: 'POST',
        url: '/v1/runs/report',
        payload: { v: 1, deploymentId: id, status: 'failed', error: 'terraform apply failed' },
        headers: { authorization: `Bearer ${await runToken(runId)}` },
      });
      const { text, source, truncated } = (await readLog(id, acme.viewer, small)).json();
      expect({ source, truncated }).toEqual({ source: 'github', truncated: true });
      const whole = jobs.map((j) => `::group::job ${j.name}\n${j.text}::endgroup::\n`).join('');
      expect(text.startsWith('::group::job build\nbuild starts\n')).toBe(true);
      expect(text.endsWith('##[error]terraform apply failed: AccessDenied\n::endgroup::\n')).toBe(
        true,
      );
      const markers = [...(text as string).matchAll(/^\[grape: … (\d+) bytes omitted … .*\]\n/gm)];
      expect(markers).toHaveLength(1);
      const [marker] = markers;
      const kept = (text as string).replace(marker![0], '');
      // What is kept is the whole log's start and end, exactly, and the line counts the rest.
      expect(whole.startsWith(kept.slice(0, marker!.index))).toBe(true);
      expect(whole.endsWith(kept.slice(marker!.index))).toBe(true);
      expect(Buffer.byteLength(kept) + Number(marker![1])).toBe(Buffer.byteLength(whole));
      expect(Buffer.byteLength(kept)).toBeLessThanOrEqual(bound);
      expect(jobLogs.downloads).toBe(3);
    } finally {
      await jobLogs.close();
      await small.app.close();
    }
  });
});
