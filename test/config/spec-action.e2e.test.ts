/**
 * The bundled action with a dispatcher's spec, run as the Actions runner runs it: a tampered spec
 * is refused before any network call; a valid one drives the identity step, and the run reports to
 * the callback with its own OIDC token (audience from the spec).
 */
import { generateKeyPairSync } from 'node:crypto';
import { jwtVerify, createRemoteJWKSet } from 'jose';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { leakedSecrets, repoRoot, runAction } from '../harness/action-runner.js';
import { startGitHttpServer, type GitHttpServer } from '../harness/git-http-server.js';
import { terraformBinary } from '../harness/terraform-binary.js';
import { listenOnLoopback, readBody, type LoopbackServer } from '../harness/http-server.js';
import {
  CUSTOMER_ROLE,
  EXTERNAL_ID,
  RUNNER_ROLE,
  startIdentityFixture,
  type IdentityFixture,
} from '../harness/identity-fixture.js';
import { signSpec } from '../../contract/sign-spec.js';
import type { DeploymentSpec } from '../../contract/deployment-spec.js';

const execFileAsync = promisify(execFile);
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

let fx: IdentityFixture;
let dispatcher: LoopbackServer;
let lastRunStdout = '';
const reports: { authorization: string | undefined; body: Record<string, unknown> }[] = [];
/** The run's live log (POST /v1/runs/log), in arrival order, and when it came (vs reports). */
const logChunks: { seq: number; text: string; beforeReport: boolean }[] = [];
beforeAll(async () => {
  fx = await startIdentityFixture();
  dispatcher = await listenOnLoopback(async (req, res) => {
    const body = JSON.parse((await readBody(req)).toString()) as Record<string, unknown>;
    if (req.url === '/v1/runs/log') {
      const chunk = body as { deploymentId: string; seq: number; text: string };
      logChunks.push({ seq: chunk.seq, text: chunk.text, beforeReport: reports.length === 0 });
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          deploymentId: chunk.deploymentId,
          result: 'stored',
          nextSeq: chunk.seq + 1,
        }),
      );
      return;
    }
    reports.push({ authorization: req.headers.authorization, body });
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
  // The module in the runner repository's own checkout (the workspace); see below for another repo.
  source: { repository: 'acme/grape-runner', ref: 'main', path: '' },
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
    logChunks.length = 0;
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
    lastRunStdout = run.stdout;
    expect(run.outputs['deployment-id']).toBe('dep_0123456789abcdef0123');
    expect(fx.sts.calls.map((c) => c.action)).toEqual(
      expect.arrayContaining(['AssumeRoleWithWebIdentity', 'AssumeRole']),
    );
    expect(fx.sts.calls.find((c) => c.action === 'AssumeRole')?.params['ExternalId']).toBe(
      EXTERNAL_ID,
    );
    expect(run.errors).toEqual([]);
    expect(reports).toHaveLength(1);
    // Names, counts, addresses and hashes only: never an output's or attribute's value.
    expect(reports[0]!.body).toEqual({
      v: 1,
      deploymentId: 'dep_0123456789abcdef0123',
      status: 'succeeded',
      plan: {
        sha256: run.outputs['plan-sha256'],
        hasChanges: true,
        summary: expect.objectContaining({ add: 2, change: 0, destroy: 0, create: 2 }),
        resources: [
          { address: 'terraform_data.database', action: 'create' },
          { address: 'terraform_data.network', action: 'create' },
        ],
        resourcesOmitted: 0,
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

  it('streamed its log to the dispatcher before the report: in order, masked', () => {
    expect(logChunks.map((c) => c.seq)).toEqual(logChunks.map((_, i) => i + 1));
    expect(logChunks.every((c) => c.beforeReport)).toBe(true);
    const text = logChunks.map((c) => c.text).join('');
    expect(text).toMatch(/^::group::terraform plan$/m);
    expect(text).toMatch(/^Plan: 2 to add, 0 to change, 0 to destroy\.$/m);
    // Every value the run masked (the OIDC tokens, the session's keys) never reaches it.
    const masked = [...lastRunStdout.matchAll(/^::add-mask::(.+)$/gm)].map((m) => m[1]!);
    expect(masked.length).toBeGreaterThanOrEqual(3);
    for (const value of masked) expect(text).not.toContain(value);
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

describe('a spec whose module lives in another repository', () => {
  const SOURCE_TOKEN = 'ghs_source_read_only_token_e2e';
  let root: string;
  let git: GitHttpServer;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'grape-source-'));
    const work = path.join(root, 'work');
    await cp(path.join(repoRoot, 'examples/hello-infra'), path.join(work, 'stacks/hello'), {
      recursive: true,
    });
    const sh = (args: string[], cwd = work) =>
      execFileAsync('git', args, {
        cwd,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@t',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@t',
        },
      });
    // A module terraform refuses, to see where its diagnostics point.
    await mkdir(path.join(work, 'stacks/broken'), { recursive: true });
    await writeFile(
      path.join(work, 'stacks/broken/main.tf'),
      'output "greeting" {\n  value = var.undeclared\n}\n',
    );
    await sh(['init', '--quiet', '--initial-branch=main']);
    await sh(['add', '.']);
    await sh(['commit', '--quiet', '-m', 'module']);
    await mkdir(path.join(root, 'served', 'acme'), { recursive: true });
    await sh(
      ['clone', '--quiet', '--bare', work, path.join(root, 'served', 'acme', 'infra.git')],
      root,
    );
    // The runner repository itself, holding modules too (the runner workflow has no checkout step).
    await sh(
      ['clone', '--quiet', '--bare', work, path.join(root, 'served', 'acme', 'grape-runner.git')],
      root,
    );
    git = await startGitHttpServer(path.join(root, 'served'), {
      user: 'x-access-token',
      token: SOURCE_TOKEN,
    });
  });
  afterAll(async () => {
    await git.close();
    await rm(root, { recursive: true, force: true });
  });

  /** The action on a spec whose module lives in `repository` (served by `git`), from an empty workspace. */
  const runFromSource = async (repository: string, modulePath: string, token = SOURCE_TOKEN) => {
    const workspace = await mkdtemp(path.join(tmpdir(), 'grape-runner-ws-'));
    try {
      return await runAction({
        inputs: {
          spec: await sign({ ...spec(), source: { repository, ref: 'main', path: modulePath } }),
          'spec-public-key': publicPem,
          'engine-path': terraformBinary ?? 'terraform',
          'source-token': token,
        },
        env: { ...fx.env, GITHUB_SERVER_URL: git.url },
        cwd: workspace,
      });
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  };

  it('clones it at the spec ref with source-token in a header only, and plans its path', async () => {
    reports.length = 0;
    const run = await runFromSource('acme/infra', 'stacks/hello');
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(reports[0]!.body).toMatchObject({ status: 'succeeded', plan: { hasChanges: true } });
    expect(git.requests.length).toBeGreaterThan(0);
    expect(git.requests.every((r) => r.authorization?.startsWith('Basic '))).toBe(true);
    expect(git.requests.some((r) => r.url.includes(SOURCE_TOKEN))).toBe(false);
    expect(
      leakedSecrets(run, [
        SOURCE_TOKEN,
        Buffer.from(`x-access-token:${SOURCE_TOKEN}`).toString('base64'),
      ]),
    ).toEqual([]);
  });

  it('annotates diagnostics with repository-relative paths GitHub can link', async () => {
    const run = await runFromSource('acme/infra', 'stacks/broken');
    expect(run.exitCode).toBe(1);
    const annotations = run.stdout.split('\n').filter((l) => /^::error .*file=/.test(l));
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatch(
      /^::error title=Reference to undeclared input variable,file=stacks\/broken\/main\.tf,line=2,col=11::/,
    );
    expect(run.stdout).not.toContain('file=../');
  });

  it('says what to do when the token cannot read the repository', async () => {
    const run = await runFromSource('acme/infra', 'stacks/hello', 'ghs_wrong');
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain("Could not fetch the module source acme/infra at 'main'");
    expect(run.errors[0]).toContain('source-token');
    expect(leakedSecrets(run, ['ghs_wrong'])).toEqual([]);
  });

  it('clones the runner repository itself when the module is not in the workspace (no checkout step)', async () => {
    reports.length = 0;
    const run = await runFromSource('acme/grape-runner', 'stacks/hello');
    expect(run.errors).toEqual([]);
    expect(run.stdout).toContain('Fetch acme/grape-runner@main');
    expect(reports[0]!.body).toMatchObject({ status: 'succeeded', plan: { hasChanges: true } });
  });
});
