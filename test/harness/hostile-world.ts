/**
 * The shared runner a hostile module is tried on (test/terraform/tenant-isolation.e2e.test.ts):
 * the loopback OIDC issuer and STS with a second tenant (its own hop-1 role, trusted only for its
 * GitHub environment, and its customer role, trusted only by that hop-1 role), a dispatcher report
 * endpoint that accepts a report only with a valid token of the runner repository, and the
 * runner's temp and tool directories as a real runner has them (0755), owned by the runner user
 * when the action runs as one (runner-user.ts).
 */
import { generateKeyPairSync } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DeploymentSpec } from '../../contract/deployment-spec.js';
import { signSpec } from '../../contract/sign-spec.js';
import { createReportVerifier } from '../../dispatcher/src/run-report/verify-report-token.js';
import { runAction, type ActionRun } from './action-runner.js';
import { listenOnLoopback, readBody, type LoopbackServer } from './http-server.js';
import {
  CUSTOMER_ROLE,
  EXTERNAL_ID,
  RUNNER_ROLE,
  startIdentityFixture,
  type IdentityFixture,
} from './identity-fixture.js';
import { copyModule, terraformBinary } from './terraform-binary.js';
import { reportsOnly } from './report-endpoint.js';
import { giveToRunner, nodeAsRunner, type RunnerUser } from './runner-user.js';

export const OTHER_RUNNER_ROLE = 'arn:aws:iam::111111111111:role/grape-runner-ten_other';
export const OTHER_ROLE = 'arn:aws:iam::555555555555:role/grape-deploy';
export const OTHER_EXTERNAL_ID = 'grape-tenant-other-0b7e';
export const REPORT_AUDIENCE = 'https://grape.test';
/** The dispatcher's spec-signing key in this world (the action gets its public half). */
const specKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });

/** Each attempt, and why it fails when isolated (the kernel's EACCES, or nothing to steal). */
export const BLOCKED_WHEN_ISOLATED: Readonly<Record<string, RegExp>> = {
  environ: /^blocked no runner token in any readable environ \(\d+ refused\)$/,
  'mint-oidc': /^blocked no token request URL\/token$/,
  'write-GITHUB_ENV': /^blocked EACCES$/,
  'write-GITHUB_OUTPUT': /^blocked EACCES$/,
  'write-GITHUB_STATE': /^blocked EACCES$/,
  'write-GITHUB_STEP_SUMMARY': /^blocked EACCES$/,
  'write-GITHUB_PATH': /^blocked EACCES$/,
  'read-spec': /^blocked INPUT_SPEC not readable$/,
  'write-shared-plugin-cache': /^blocked EACCES$/,
  'read-action-temp': /^blocked EACCES$/,
  'assume-hop1': /^blocked no OIDC token to present$/,
  'assume-other-tenant': /^blocked target: HTTP 403 AccessDenied$/,
  'post-report': /^blocked HTTP 401$/,
};

export interface HostileWorld {
  readonly fx: IdentityFixture;
  readonly reportUrl: string;
  /** Reports the endpoint received, in order. */
  readonly reports: { accepted: boolean; body: Record<string, unknown> }[];
  /** The module's variables: the targets of its attempts. */
  readonly variables: Record<string, string>;
  /** Runs the bundled action on a fresh copy of test/fixtures/modules/hostile. */
  run(inputs: Record<string, string>): Promise<ActionRun>;
  /**
   * Runs it as the dispatcher dispatches it: a signed spec for the module's apply with isolation
   * required, reporting to this world's endpoint.
   */
  runDispatched(deploymentId: string): Promise<ActionRun>;
  /** The node runAction uses (the runner user's, with `runAs`). */
  readonly node: string | undefined;
  close(): Promise<void>;
}

/** `runAs`: run the action as that user (runner-user.ts), who then owns its temp and tool dirs. */
export async function startHostileWorld(
  options: { readonly runAs?: RunnerUser } = {},
): Promise<HostileWorld> {
  const { runAs } = options;
  const node = runAs ? await nodeAsRunner() : undefined;
  const fx = await startIdentityFixture();
  fx.sts.defineRole({
    arn: OTHER_RUNNER_ROLE,
    maxSessionDuration: 3600,
    webIdentity: {
      issuer: fx.issuer.issuer,
      audiences: ['sts.amazonaws.com'],
      subPatterns: ['repo:acme/grape-runner:environment:ten_other'],
    },
  });
  fx.sts.defineRole({
    arn: OTHER_ROLE,
    trustedPrincipals: [OTHER_RUNNER_ROLE],
    externalId: OTHER_EXTERNAL_ID,
    allowTagSession: true,
    allowSourceIdentity: true,
  });
  const verify = createReportVerifier(
    { issuer: fx.issuer.issuer, jwksUrl: fx.issuer.jwksUrl, audience: REPORT_AUDIENCE },
    () => new Date(),
  );
  const reports: HostileWorld['reports'] = [];
  const dispatcher: LoopbackServer = await listenOnLoopback(
    reportsOnly(async (req, res) => {
      const body = JSON.parse((await readBody(req)).toString()) as Record<string, unknown>;
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const claims = token ? await verify(token).catch(() => undefined) : undefined;
      const accepted = claims?.repository === 'acme/grape-runner';
      reports.push({ accepted, body });
      res.writeHead(accepted ? 200 : 401, { 'content-type': 'application/json' }).end('{}');
    }),
  );
  const runnerTemp = await mkdtemp(path.join(tmpdir(), 'grape-runner-temp-'));
  const toolCache = await mkdtemp(path.join(tmpdir(), 'grape-tool-cache-'));
  await chmod(runnerTemp, 0o755);
  await chmod(toolCache, 0o755);
  if (runAs) for (const dir of [runnerTemp, toolCache]) await giveToRunner(dir, runAs);
  const reportUrl = `${dispatcher.url}/v1/runs/report`;
  const variables = {
    runner_role: RUNNER_ROLE,
    other_role: OTHER_ROLE,
    other_external_id: OTHER_EXTERNAL_ID,
    report_url: reportUrl,
    report_audience: REPORT_AUDIENCE,
  };
  const world: HostileWorld = {
    fx,
    node,
    reportUrl,
    reports,
    variables,
    runDispatched: async (deploymentId) => {
      const spec: DeploymentSpec = {
        v: 1,
        deploymentId,
        tenantId: 'ten_0123456789abcdef0123',
        project: { id: 'prj_0123456789abcdef0123', name: 'hostile' },
        environment: 'dev',
        operation: 'apply',
        source: { repository: 'acme/grape-runner', ref: 'main', path: '' },
        aws: {
          runnerRoleArn: RUNNER_ROLE,
          roleArn: CUSTOMER_ROLE,
          externalId: EXTERNAL_ID,
          region: 'eu-west-1',
          sessionDurationSeconds: 3600,
        },
        variables,
        requireIsolation: true,
        callback: { url: reportUrl, audience: REPORT_AUDIENCE },
      };
      const now = Math.floor(Date.now() / 1000);
      return world.run({
        spec: await signSpec(spec, {
          key: specKeys.privateKey,
          kid: 'k',
          now,
          expiresInSeconds: 3600,
        }),
        'spec-public-key': specKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      });
    },
    run: async (inputs) => {
      const workspace = await copyModule('hostile');
      if (runAs) await giveToRunner(workspace, runAs);
      try {
        return await runAction({
          cwd: workspace,
          inputs: { 'engine-path': terraformBinary!, ...inputs },
          env: {
            ...fx.env,
            RUNNER_TEMP: runnerTemp,
            RUNNER_TOOL_CACHE: toolCache,
            ...(runAs ? { HOME: runAs.home } : {}),
          },
          ...(node ? { node } : {}),
        });
      } finally {
        await rm(workspace, { recursive: true, force: true });
      }
    },
    close: async () => {
      await fx.close();
      await dispatcher.close();
      await rm(runnerTemp, { recursive: true, force: true });
      await rm(toolCache, { recursive: true, force: true });
      if (node) await rm(path.dirname(node), { recursive: true, force: true });
    },
  };
  return world;
}

/** Whether a process is running (a zombie waiting for init to reap it is not). */
export async function running(pid: number): Promise<boolean> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return status !== '' && !/^State:\s+Z/m.test(status);
}

/** The pid of the process the module left running (`HOSTILE-PID <pid>`). */
export const leftover = (run: ActionRun): number =>
  Number(/HOSTILE-PID (\d+)/.exec(run.stdout)?.[1]);

/** `HOSTILE <attempt> <result>` lines of the module's output, by attempt. */
export function attempts(run: ActionRun): Record<string, string> {
  const found: Record<string, string> = {};
  for (const m of run.stdout.matchAll(/HOSTILE (\S+) (.*)$/gm)) found[m[1]!] = m[2]!;
  return found;
}
