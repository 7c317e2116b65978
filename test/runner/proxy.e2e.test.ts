/**
 * A self-hosted runner behind a proxy: the runner exports HTTP_PROXY / HTTPS_PROXY, and every
 * outbound request of a dispatcher run goes through it — the OIDC token (@actions/http-client),
 * STS and the plan store (AWS SDK), the engine download and the report (fetch), and terraform's
 * own S3 backend. Each service is addressed as `<name>.grape.test`, a name only the proxy
 * stand-in can resolve (see test/harness/connect-proxy.ts): a client that ignored the proxy
 * would fail to resolve it, so the run succeeding and the proxy's counts show the path.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runAction, type ActionRun } from '../harness/action-runner.js';
import { startConnectProxy, type ProxyStandIn } from '../harness/connect-proxy.js';
import { startEngineFixture, STATE_BUCKET, type EngineFixture } from '../harness/engine-fixture.js';
import { listenOnLoopback, readBody, type LoopbackServer } from '../harness/http-server.js';
import { CUSTOMER_ROLE, EXTERNAL_ID, RUNNER_ROLE } from '../harness/identity-fixture.js';
import {
  copyModule,
  describeWithTerraform,
  terraformVersion,
} from '../harness/terraform-binary.js';
import { signSpec } from '../../contract/sign-spec.js';
import type { DeploymentSpec } from '../../contract/deployment-spec.js';
import { reportsOnly } from '../harness/report-endpoint.js';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

describeWithTerraform('a dispatcher run behind a proxy', () => {
  let fx: EngineFixture;
  let proxy: ProxyStandIn;
  let dispatcher: LoopbackServer;
  let dir: string;
  let toolCache: string;
  let run: ActionRun;
  const reports: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    fx = await startEngineFixture();
    proxy = await startConnectProxy();
    dispatcher = await listenOnLoopback(
      reportsOnly(async (req, res) => {
        reports.push(JSON.parse((await readBody(req)).toString()) as Record<string, unknown>);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":true}');
      }),
    );
    dir = await copyModule('s3-backend');
    toolCache = await mkdtemp(path.join(tmpdir(), 'grape-proxy-tools-'));
    const spec: DeploymentSpec = {
      v: 1,
      deploymentId: 'dep_0123456789abcdef0b0b',
      tenantId: 'ten_0123456789abcdef0123',
      project: { id: 'prj_0123456789abcdef0123', name: 'network' },
      environment: 'dev',
      operation: 'plan',
      source: { repository: 'acme/grape-runner', ref: 'main', path: '' },
      aws: {
        runnerRoleArn: RUNNER_ROLE,
        roleArn: CUSTOMER_ROLE,
        externalId: EXTERNAL_ID,
        region: 'eu-west-1',
        sessionDurationSeconds: 3600,
      },
      backend: {
        type: 's3',
        bucket: STATE_BUCKET,
        key: 'e2e/proxy/terraform.tfstate',
        region: 'eu-west-1',
      },
      variables: {},
      callback: {
        url: `${proxy.viaProxy(dispatcher.url, 'dispatcher')}/v1/runs/report`,
        audience: 'https://grape.test',
      },
    };
    const now = Math.floor(Date.now() / 1000);
    run = await runAction({
      cwd: dir,
      inputs: {
        spec: await signSpec(spec, { key: privateKey, kid: 'k', now, expiresInSeconds: 3600 }),
        'spec-public-key': publicPem,
        'release-mirror': proxy.viaProxy(fx.mirror.url, 'releases'),
        'release-signing-key': fx.mirror.key.publicKey,
        'engine-version': terraformVersion!,
      },
      env: {
        ...fx.env(),
        RUNNER_TOOL_CACHE: toolCache,
        ACTIONS_ID_TOKEN_REQUEST_URL: proxy.viaProxy(
          fx.identity.env['ACTIONS_ID_TOKEN_REQUEST_URL']!,
          'oidc',
        ),
        AWS_ENDPOINT_URL_STS: proxy.viaProxy(fx.identity.env['AWS_ENDPOINT_URL_STS']!, 'sts'),
        AWS_ENDPOINT_URL_S3: proxy.viaProxy(fx.s3.url, 's3'),
        HTTP_PROXY: proxy.url,
        HTTPS_PROXY: proxy.url,
        NO_PROXY: 'internal.example,.corp.example',
      },
    });
  }, 180_000);
  afterAll(async () => {
    await Promise.all([fx?.close(), proxy?.close(), dispatcher?.close()]);
    await rm(dir, { recursive: true, force: true });
    await rm(toolCache, { recursive: true, force: true });
  });

  it('succeeds, every service reached by a name only the proxy resolves', () => {
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(proxy.refused).toEqual([]);
  });

  it('tunnels the OIDC request, STS, the download, the plan store and the report', () => {
    const hosts = new Set(proxy.tunnels.map((t) => t.split(':')[0]));
    expect([...hosts].sort()).toEqual([
      'dispatcher.grape.test',
      'oidc.grape.test',
      'releases.grape.test',
      's3.grape.test',
      'sts.grape.test',
    ]);
    expect(reports.map((r) => r['status'])).toEqual(['succeeded']);
    expect(fx.s3.object(STATE_BUCKET, 'grape/plans/dep_0123456789abcdef0b0b.tfplan')).toBeDefined();
  });

  it("forwards terraform's own S3 backend requests (Go's http proxying)", () => {
    expect(proxy.forwarded.some((r) => r.includes('s3.grape.test'))).toBe(true);
  });
});
