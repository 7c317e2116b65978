/**
 * The local executor runs the action through the one runner emulation: a stand-in action (the
 * repository's action.yml, a small main and post) sees every action.yml default materialised, runs
 * in the workspace, gets its post step with STATE_*, and a cancel reaches it as the runner's SIGINT
 * first; the report reaches the sink, a cancelled run concludes `cancelled`.
 */
import { generateKeyPairSync } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { signSpec } from '../../../contract/sign-spec.js';
import type { DeploymentSpec } from '../../../contract/deployment-spec.js';
import { LocalExecutor } from '../../../dispatcher/src/executor/local-executor.js';
import type { Deployment } from '../../../dispatcher/src/store/records.js';
import { repoRoot } from '../../harness/action-runner.js';
import { eventually } from '../../harness/eventually.js';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

const MAIN = `
const fs = require('node:fs');
const out = (line) => fs.appendFileSync(process.env.GITHUB_OUTPUT, line + '\\n');
fs.appendFileSync(process.env.GITHUB_STATE, 'phase=main-done\\n');
const seen = { factsFormat: process.env['INPUT_FACTS-FORMAT'], factsMode: process.env['INPUT_FACTS-MODE'], cwd: process.cwd(), workspace: process.env.GITHUB_WORKSPACE };
const report = (status) => out('report=' + JSON.stringify({ v: 1, deploymentId: 'dep_0123456789abcdef0123', status, seen }));
const specPayload = JSON.parse(Buffer.from(process.env.INPUT_SPEC.split('.')[1], 'base64url').toString());
if (specPayload.spec.variables.mode === 'wait') {
  process.on('SIGINT', () => { fs.writeFileSync(process.env.PROBE_DIR + '/signal', 'SIGINT'); report('failed'); process.exit(1); });
  setInterval(() => {}, 1000);
  fs.writeFileSync(process.env.PROBE_DIR + '/waiting', '');
} else report('succeeded');
`;
const POST = `require('node:fs').writeFileSync(process.env.PROBE_DIR + '/post', process.env.STATE_phase || 'none');`;

let root: string;
let probe: string;
const reports: unknown[] = [];
let executor: LocalExecutor;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'grape-local-exec-'));
  probe = path.join(root, 'probe');
  await mkdir(path.join(root, 'action', 'dist'), { recursive: true });
  await mkdir(probe);
  await cp(path.join(repoRoot, 'action.yml'), path.join(root, 'action', 'action.yml'));
  await writeFile(path.join(root, 'action', 'dist', 'index.js'), MAIN);
  await writeFile(path.join(root, 'action', 'dist', 'post.js'), POST);
  await writeFile(path.join(root, 'action', 'package.json'), '{"type":"commonjs"}');
  await mkdir(path.join(root, 'source'));
  await writeFile(path.join(root, 'source', 'main.tf'), '');
  executor = new LocalExecutor(
    {
      actionPath: path.join(root, 'action', 'dist', 'index.js'),
      sourceDir: path.join(root, 'source'),
      enginePath: undefined,
      factsGitUrl: path.join(root, 'gitops.git'),
      runsDir: path.join(root, 'runs'),
      stateDir: path.join(root, 'state'),
      plansDir: path.join(root, 'plans'),
    },
    publicPem,
    () => async (_deployment, _runId, report) => void reports.push(report),
    { PATH: process.env['PATH'] ?? '', PROBE_DIR: probe },
  );
});
afterAll(() => rm(root, { recursive: true, force: true }));

const spec = (variables: Record<string, string>): DeploymentSpec => ({
  v: 1,
  deploymentId: 'dep_0123456789abcdef0123',
  tenantId: 'ten_0123456789abcdef0123',
  project: { id: 'prj_0123456789abcdef0123', name: 'network' },
  environment: 'dev',
  operation: 'plan',
  source: { repository: 'local/source', ref: 'main', path: '' },
  aws: { region: 'eu-west-1', sessionDurationSeconds: 3600 },
  variables,
  callback: { url: 'http://127.0.0.1:1/v1/runs/report', audience: 'https://grape.test' },
});

const until = <T>(check: () => Promise<T | undefined>): Promise<T> =>
  eventually(check, { tries: 300, everyMs: 100 });

async function dispatch(variables: Record<string, string>): Promise<number> {
  const jws = await signSpec(spec(variables), {
    key: privateKey,
    kid: 'k',
    now: Math.floor(Date.now() / 1000),
    expiresInSeconds: 600,
  });
  const deployment = { id: 'dep_0123456789abcdef0123' } as Deployment;
  const { run } = await executor.dispatch({
    deployment,
    spec: jws,
    concurrencyGroup: 'network/dev',
  });
  return run.runId;
}

const completed = (runId: number) =>
  until(async () => {
    const state = await executor.getRun(runId);
    return state?.status === 'completed' ? state : undefined;
  });

it('runs main with every default materialised, in the workspace, then post with STATE_*', async () => {
  reports.length = 0;
  const runId = await dispatch({});
  expect((await completed(runId)).conclusion).toBe('success');
  const report = reports[0] as { status: string; seen: Record<string, string> };
  expect(report.status).toBe('succeeded');
  expect(report.seen).toMatchObject({ factsFormat: 'yaml', factsMode: 'commit' });
  expect(report.seen['cwd']).toBe(report.seen['workspace']);
  expect(await readFile(path.join(probe, 'post'), 'utf8')).toBe('main-done');
});

it('cancels with SIGINT first, concludes cancelled, and still runs the post step', async () => {
  reports.length = 0;
  await rm(path.join(probe, 'post'), { force: true });
  const runId = await dispatch({ mode: 'wait' });
  await until(() =>
    readFile(path.join(probe, 'waiting')).then(
      () => true,
      () => undefined,
    ),
  );
  await executor.cancel(runId);
  expect((await completed(runId)).conclusion).toBe('cancelled');
  expect(await readFile(path.join(probe, 'signal'), 'utf8')).toBe('SIGINT');
  expect(await readFile(path.join(probe, 'post'), 'utf8')).toBe('main-done');
}, 30_000);
