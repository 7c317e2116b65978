/**
 * The bundled action with a dispatcher's spec, run as the Actions runner runs it: a tampered spec
 * is refused before any network call; a valid one drives the identity step, and the run reports to
 * the callback with its own OIDC token (audience from the spec).
 */
import { generateKeyPairSync } from 'node:crypto';
import { jwtVerify, createRemoteJWKSet } from 'jose';
import { runAction } from '../harness/action-runner.js';
import { listenOnLoopback, readBody, type LoopbackServer } from '../harness/http-server.js';
import {
  CUSTOMER_ROLE,
  EXTERNAL_ID,
  RUNNER_ROLE,
  startIdentityFixture,
  type IdentityFixture,
} from '../harness/identity-fixture.js';
import { signSpec } from '../../src/contract/sign-spec.js';
import type { DeploymentSpec } from '../../src/contract/deployment-spec.js';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

let fx: IdentityFixture;
let dispatcher: LoopbackServer;
const reports: { authorization: string | undefined; body: Record<string, unknown> }[] = [];
beforeAll(async () => {
  fx = await startIdentityFixture();
  dispatcher = await listenOnLoopback(async (req, res) => {
    reports.push({
      authorization: req.headers.authorization,
      body: JSON.parse((await readBody(req)).toString()),
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":true}');
  });
});
afterAll(async () => {
  await fx.close();
  await dispatcher.close();
});

const spec = (): DeploymentSpec => ({
  v: 1,
  deploymentId: 'dep_0123456789abcdef0123',
  tenantId: 'ten_0123456789abcdef0123',
  project: { id: 'prj_0123456789abcdef0123', name: 'network' },
  environment: 'dev',
  operation: 'plan',
  source: { repository: 'acme/infra', ref: 'main', path: '' },
  aws: {
    runnerRoleArn: RUNNER_ROLE,
    roleArn: CUSTOMER_ROLE,
    externalId: EXTERNAL_ID,
    region: 'eu-west-1',
    sessionDurationSeconds: 3600,
  },
  variables: {},
  callback: { url: `${dispatcher.url}/v1/runs/report`, audience: 'https://grape.test' },
});
const sign = (s: DeploymentSpec, now = Math.floor(Date.now() / 1000)) =>
  signSpec(s, { key: privateKey, kid: 'k', now, expiresInSeconds: 3600 });

describe('a tampered spec', () => {
  it('is refused before any network call', async () => {
    const jws = await sign(spec());
    const tampered = jws.slice(0, -4) + (jws.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    fx.sts.calls.length = 0;
    const before = fx.issuer.audiences.length;
    const run = await runAction({
      inputs: { spec: tampered, 'spec-public-key': publicPem },
      env: fx.env,
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain("Input 'spec' was refused: the spec signature does not verify");
    expect(fx.sts.calls).toHaveLength(0);
    expect(fx.issuer.audiences.length).toBe(before);
    expect(reports).toHaveLength(0);
  });
  it('is refused when expired', async () => {
    const run = await runAction({
      inputs: {
        spec: await sign(spec(), Math.floor(Date.now() / 1000) - 7200),
        'spec-public-key': publicPem,
      },
      env: fx.env,
    });
    expect(run.errors[0]).toContain('the spec expired at');
  });
});

describe('a valid spec', () => {
  it("assumes the roles it names and reports to the dispatcher with the run's OIDC token", async () => {
    reports.length = 0;
    const run = await runAction({
      inputs: { spec: await sign(spec()), 'spec-public-key': publicPem },
      env: fx.env,
    });
    expect(run.outputs['deployment-id']).toBe('dep_0123456789abcdef0123');
    expect(fx.sts.calls.map((c) => c.action)).toEqual(
      expect.arrayContaining(['AssumeRoleWithWebIdentity', 'AssumeRole']),
    );
    expect(fx.sts.calls.find((c) => c.action === 'AssumeRole')?.params['ExternalId']).toBe(
      EXTERNAL_ID,
    );
    // This build has no engine step yet: the plan fails, and the report says so.
    expect(reports).toHaveLength(1);
    expect(reports[0]!.body).toMatchObject({
      v: 1,
      deploymentId: 'dep_0123456789abcdef0123',
      status: 'failed',
      error: expect.stringContaining('engine step'),
    });
    const token = reports[0]!.authorization!.replace(/^Bearer /, '');
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(fx.issuer.jwksUrl)), {
      audience: 'https://grape.test',
      issuer: fx.issuer.issuer,
    });
    expect(payload['repository']).toBe('acme/grape-runner');
    expect(run.stdout).toContain(`::add-mask::${token}`);
  });

  it('warns, without failing differently, when the dispatcher cannot be reached', async () => {
    const s = {
      ...spec(),
      callback: { url: 'http://127.0.0.1:9/v1/runs/report', audience: 'https://grape.test' },
    };
    const run = await runAction({
      inputs: { spec: await sign(s), 'spec-public-key': publicPem },
      env: fx.env,
    });
    expect(run.stdout).toMatch(
      /::warning::Could not report to the dispatcher at http:\/\/127.0.0.1:9\/v1\/runs\/report/,
    );
  });
});
