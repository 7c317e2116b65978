/**
 * Outbound webhooks: a deployment event reaches its tenant's hooks only, signed with the hook's
 * secret (HMAC-SHA256 over the body), retried with backoff until a 2xx, every attempt's response
 * code in the delivery log; a test delivery on demand; a Slack-compatible body; destinations on
 * loopback, private or link-local addresses refused unless the operator allows them (every
 * address a name resolves to is checked).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { CliIO } from '../../../dispatcher/src/cli/cli-io.js';
import { runCli } from '../../../dispatcher/src/cli/program.js';
import { checkDestination } from '../../../dispatcher/src/notifications/check-destination.js';
import { verifyBody } from '../../../dispatcher/src/notifications/sign-body.js';
import { listenOnLoopback, readBody, type LoopbackServer } from '../../harness/http-server.js';
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

interface Receiver extends LoopbackServer {
  readonly received: { headers: IncomingHttpHeaders; body: string }[];
  /** Status codes to answer, in order; 200 once they run out. */
  answers: number[];
}

async function startReceiver(): Promise<Receiver> {
  const state = { received: [] as Receiver['received'], answers: [] as number[] };
  const server = await listenOnLoopback(async (req, res) => {
    state.received.push({ headers: req.headers, body: (await readBody(req)).toString() });
    res.writeHead(state.answers.shift() ?? 200).end();
  });
  return {
    url: server.url,
    port: server.port,
    close: () => server.close(),
    received: state.received,
    get answers() {
      return state.answers;
    },
    set answers(codes: number[]) {
      state.answers = codes;
    },
  };
}

let environment: Environment;
let store: TestStore;
let grape: TestDispatcher;
let acme: Tenant;
let globex: Tenant;
let acmeReceiver: Receiver;
let globexReceiver: Receiver;

beforeAll(async () => {
  environment = await startEnvironment();
  store = await pglite.open(environment.clock);
  grape = await startDispatcher(
    { ...environment, env: { ...environment.env, GRAPE_NOTIFY_ALLOW: 'loopback' } },
    store,
    { notifications: { retries: 3, minTimeoutMs: 5 } },
  );
  acme = await seedTenant(store, 'acme');
  globex = await seedTenant(store, 'globex');
  acmeReceiver = await startReceiver();
  globexReceiver = await startReceiver();
});
afterAll(async () => {
  await grape.app.close();
  await store.close();
  await environment.close();
  await acmeReceiver.close();
  await globexReceiver.close();
});

const createHook = (tenant: Tenant, payload: Record<string, unknown>) =>
  grape.request({ method: 'POST', url: '/v1/notifications/hooks', token: tenant.admin, payload });

async function planAwaitingApproval(): Promise<string> {
  const res = await grape.request({
    method: 'POST',
    url: '/v1/deployments',
    token: acme.deployer,
    payload: { project: 'network', environment: `n${Date.now()}`, operation: 'plan' },
  });
  const id = res.json().id as string;
  await grape.ctx.loop.tick();
  const runId = environment.actions.runsFor(id)[0]!.id;
  const token = await environment.issuer.sign({
    repository: 'acme/grape-runner',
    run_id: String(runId),
    aud: AUDIENCE,
  });
  const report = await grape.app.inject({
    method: 'POST',
    url: '/v1/runs/report',
    payload: {
      v: 1,
      deploymentId: id,
      status: 'succeeded',
      plan: {
        sha256: 'b'.repeat(64),
        hasChanges: true,
        summary: { create: 1, update: 0, delete: 0 },
      },
    },
    headers: { authorization: `Bearer ${token}` },
  });
  expect(report.json()).toMatchObject({ status: 'awaiting-approval' });
  return id;
}

describe('a deployment event', () => {
  let acmeHook: { id: string; secret: string };
  let globexHook: { id: string };
  let deploymentId: string;

  beforeAll(async () => {
    const created = await createHook(acme, {
      url: `${acmeReceiver.url}/grape`,
      events: ['deployment.awaiting_approval', 'deployment.failed'],
    });
    expect(created.statusCode).toBe(201);
    acmeHook = created.json();
    expect(acmeHook.secret).toMatch(/^whsec_/);
    globexHook = (await createHook(globex, { url: `${globexReceiver.url}/grape` })).json();
    acmeReceiver.answers = [500, 503];
    deploymentId = await planAwaitingApproval();
    expect(await grape.ctx.notificationSender.tick()).toBe(1);
  });

  it('is sent signed to the tenant hook, retried until a 2xx', () => {
    expect(acmeReceiver.received).toHaveLength(3);
    for (const { headers, body } of acmeReceiver.received) {
      expect(verifyBody(acmeHook.secret, body, String(headers['x-grape-signature-256']))).toBe(
        true,
      );
      expect(headers['x-grape-event']).toBe('deployment.awaiting_approval');
      expect(JSON.parse(body)).toMatchObject({
        event: 'deployment.awaiting_approval',
        deployment: {
          id: deploymentId,
          tenantId: acme.id,
          project: { name: 'network' },
          status: 'awaiting-approval',
          plan: { create: 1 },
        },
      });
    }
    expect(
      verifyBody(
        'whsec_wrong',
        acmeReceiver.received[0]!.body,
        String(acmeReceiver.received[0]!.headers['x-grape-signature-256']),
      ),
    ).toBe(false);
  });

  it('is recorded with each attempt response code', async () => {
    const log = await grape.request({
      method: 'GET',
      url: `/v1/notifications/hooks/${acmeHook.id}/deliveries`,
      token: acme.admin,
    });
    expect(log.json().items).toEqual([
      expect.objectContaining({
        event: 'deployment.awaiting_approval',
        deploymentId,
        status: 'delivered',
        attempts: [
          expect.objectContaining({ responseCode: 500, error: null }),
          expect.objectContaining({ responseCode: 503 }),
          expect.objectContaining({ responseCode: 200 }),
        ],
      }),
    ]);
  });

  it('is never sent to another tenant, whose log and hooks stay its own', async () => {
    expect(globexReceiver.received).toHaveLength(0);
    const globexLog = await grape.request({
      method: 'GET',
      url: `/v1/notifications/hooks/${globexHook.id}/deliveries`,
      token: globex.admin,
    });
    expect(globexLog.json().items).toEqual([]);
    const foreign = await grape.request({
      method: 'GET',
      url: `/v1/notifications/hooks/${acmeHook.id}/deliveries`,
      token: globex.admin,
    });
    expect(foreign.statusCode).toBe(404);
    const listed = await grape.request({
      method: 'GET',
      url: '/v1/notifications/hooks',
      token: globex.admin,
    });
    expect(listed.json().items.map((h: { id: string }) => h.id)).toEqual([globexHook.id]);
    expect(JSON.stringify(listed.json())).not.toContain('secret');
  });

  it('gives up after the last retry and says so', async () => {
    acmeReceiver.received.length = 0;
    acmeReceiver.answers = [500, 500, 500, 500, 500];
    const failing = await planAwaitingApproval();
    await grape.ctx.notificationSender.tick();
    const log = await grape.request({
      method: 'GET',
      url: `/v1/notifications/hooks/${acmeHook.id}/deliveries`,
      token: acme.admin,
    });
    const delivery = log.json().items[0];
    expect(delivery).toMatchObject({ deploymentId: failing, status: 'failed' });
    expect(delivery.attempts.map((a: { responseCode: number }) => a.responseCode)).toEqual([
      500, 500, 500, 500,
    ]);
    acmeReceiver.answers = [];
  });
});

describe('a test delivery', () => {
  it('is sent at once in the chosen format and returns its log entry', async () => {
    const slackReceiver = await startReceiver();
    try {
      const hook = (await createHook(acme, { url: slackReceiver.url, format: 'slack' })).json();
      const res = await grape.request({
        method: 'POST',
        url: `/v1/notifications/hooks/${hook.id}/test`,
        token: acme.admin,
      });
      expect(res.json()).toMatchObject({
        event: 'test',
        status: 'delivered',
        attempts: [expect.objectContaining({ responseCode: 200 })],
      });
      expect(JSON.parse(slackReceiver.received[0]!.body)).toEqual({
        text: expect.stringMatching(/^Grape: test delivery \d+ from https:\/\/grape\.test$/),
      });
      expect(
        (
          await grape.request({
            method: 'POST',
            url: `/v1/notifications/hooks/${hook.id}/test`,
            token: acme.viewer,
          })
        ).statusCode,
      ).toBe(403);
    } finally {
      await slackReceiver.close();
    }
  });
});

describe('server-side request forgery', () => {
  it.each([
    ['http://10.0.0.7/hook', 'private'],
    ['http://169.254.169.254/latest/meta-data', 'linkLocal'],
    ['http://[fd00::1]/hook', 'uniqueLocal'],
    ['http://[::ffff:192.168.1.1]/hook', 'private'],
  ])('refuses %s (%s) even with loopback allowed', async (url, range) => {
    const res = await createHook(acme, { url });
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toContain(`a ${range} address`);
  });

  it('checks every address a name resolves to, and refuses loopback unless allowed', async () => {
    const lookup = async () => [
      { address: '93.184.215.14', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ];
    await expect(checkDestination('https://hooks.example.com/x', 'public', lookup)).rejects.toThrow(
      "url host 'hooks.example.com' resolves to 127.0.0.1, a loopback address: webhooks go to public addresses only (server-side request forgery guard). An operator can allow loopback with GRAPE_NOTIFY_ALLOW=loopback.",
    );
    await expect(
      checkDestination('https://hooks.example.com/x', 'loopback', lookup),
    ).resolves.toMatchObject({ address: '93.184.215.14' });
    await expect(checkDestination('http://10.1.2.3/x', 'private', lookup)).resolves.toMatchObject({
      address: '10.1.2.3',
    });
    await expect(checkDestination('ftp://hooks.example.com/x', 'public', lookup)).rejects.toThrow(
      'is not http(s)',
    );
  });
});

describe('grape hooks', () => {
  it('creates a hook (secret on stderr, once), tests it and prints its delivery log', async () => {
    const url = await grape.app.listen({ host: '127.0.0.1', port: 0 });
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIO = {
      version: 'test',
      out: (l) => void out.push(l),
      err: (l) => void err.push(l),
      env: { GRAPE_URL: url, GRAPE_TOKEN: acme.admin },
      fetch,
      sleep: async () => undefined,
      openStore: () => Promise.reject(new Error('not in this test')),
      serve: async () => undefined,
    };
    const receiver = await startReceiver();
    try {
      expect(
        await runCli(
          ['hooks', 'create', '--url', receiver.url, '--event', 'deployment.failed'],
          io,
        ),
      ).toBe(0);
      const [id] = out[0]!.split('\t');
      expect(out[0]).toBe(`${id}\t${receiver.url}`);
      expect(err[0]).toMatch(
        /^Signing secret \(shown once; verify X-Grape-Signature-256 with it\): whsec_/,
      );
      expect(await runCli(['hooks', 'test', id!], io)).toBe(0);
      expect(out[1]).toMatch(/^\d+\ttest\t-\tdelivered\t200$/);
      expect(await runCli(['hooks', 'deliveries', id!], io)).toBe(0);
      expect(out[2]).toBe(out[1]);
      expect(
        await runCli(
          ['hooks', 'create', '--url', receiver.url, '--event', 'deployment.exploded'],
          io,
        ),
      ).toBe(1);
      expect(err.at(-1)).toContain("--event 'deployment.exploded' is not one of");
      expect(await runCli(['hooks', 'delete', id!], io)).toBe(0);
      expect(out.at(-1)).toBe(`deleted ${id}`);
    } finally {
      await receiver.close();
    }
  });
});
