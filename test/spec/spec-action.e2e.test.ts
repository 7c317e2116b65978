/**
 * The bundled action with a dispatcher's spec, run as the Actions runner runs it: a tampered spec
 * is refused before any network call; a valid one drives the identity step, and the run reports to
 * the callback with its own OIDC token (audience from the spec).
 */
import { generateKeyPairSync } from 'node:crypto';
import { jwtVerify, createRemoteJWKSet } from 'jose';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot, runAction } from '../harness/action-runner.js';
import { terraformBinary } from '../harness/terraform-binary.js';
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
    const workspace = await mkdtemp(path.join(tmpdir(), 'grape-spec-ws-'));
    await cp(path.join(repoRoot, 'examples/hello-infra'), workspace, { recursive: true });
    const run = await runAction({
      inputs: {
        spec: await sign(spec()),
        'spec-public-key': publicPem,
        'engine-path': terraformBinary ?? 'terraform',
      },
      env: fx.env,
      cwd: workspace,
    });
    await rm(workspace, { recursive: true, force: true });
    expect(run.outputs['deployment-id']).toBe('dep_0123456789abcdef0123');
    expect(fx.sts.calls.map((c) => c.action)).toEqual(
      expect.arrayContaining(['AssumeRoleWithWebIdentity', 'AssumeRole']),
    );
    expect(fx.sts.calls.find((c) => c.action === 'AssumeRole')?.params['ExternalId']).toBe(
      EXTERNAL_ID,
    );
    expect(run.errors).toEqual([]);
    expect(reports).toHaveLength(1);
    // Names, counts and hashes only: never an output's value.
    expect(reports[0]!.body).toEqual({
      v: 1,
      deploymentId: 'dep_0123456789abcdef0123',
      status: 'succeeded',
      plan: {
        sha256: run.outputs['plan-sha256'],
        hasChanges: true,
        summary: expect.objectContaining({ add: 2, change: 0, destroy: 0, create: 2 }),
      },
      outputs: ['db_endpoint', 'db_password', 'replicas', 'vpc_cidr'],
    });
    expect(run.outputs['plan-sha256']).toMatch(/^[0-9a-f]{64}$/);
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
