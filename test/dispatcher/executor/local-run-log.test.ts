/**
 * The local executor streams its run's output into the store while the run goes on: the first
 * lines are readable before the run ends, in order, with every value the action masked
 * (`::add-mask::`) replaced by `***` and the mask commands themselves left out, as the runner does.
 */
import { generateKeyPairSync } from 'node:crypto';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { signSpec } from '../../../contract/sign-spec.js';
import type { DeploymentSpec } from '../../../contract/deployment-spec.js';
import { LocalExecutor } from '../../../dispatcher/src/executor/local-executor.js';
import { createLogHub } from '../../../dispatcher/src/logs/log-hub.js';
import { createRunLogWriter } from '../../../dispatcher/src/logs/run-log-writer.js';
import { RunLogsStore } from '../../../dispatcher/src/logs/run-logs-store.js';
import type { Deployment } from '../../../dispatcher/src/store/records.js';
import { repoRoot } from '../../harness/action-runner.js';
import { pglite, type TestStore } from '../helpers/backends.js';
import { seedTenant } from '../helpers/dispatcher-fixture.js';
import { eventually } from '../../harness/eventually.js';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const SECRET = 'hunter2-0a8f3c';

// Masks its secret, prints a phase, then waits for the test's go-ahead before its last lines.
const MAIN = `
const fs = require('node:fs');
const probe = process.env.PROBE_DIR;
console.log('::add-mask::${SECRET}');
console.log('::group::terraform plan');
console.log('reading with password ${SECRET} from the backend');
process.stderr.write('a warning on stderr\\n');
fs.writeFileSync(probe + '/started', '');
const wait = setInterval(() => {
  if (!fs.existsSync(probe + '/go')) return;
  clearInterval(wait);
  process.stdout.write('Plan: 1 to add, 0 to change, 0 to destroy.\\n');
  process.stdout.write('no newline at the end, and ${SECRET}');
}, 20);
`;

let root: string;
let probe: string;
let store: TestStore;
let runLogs: RunLogsStore;
let executor: LocalExecutor;
let deployment: Deployment;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'grape-local-log-'));
  probe = path.join(root, 'probe');
  await mkdir(path.join(root, 'action', 'dist'), { recursive: true });
  await mkdir(probe);
  await cp(path.join(repoRoot, 'action.yml'), path.join(root, 'action', 'action.yml'));
  await writeFile(path.join(root, 'action', 'dist', 'index.js'), MAIN);
  await writeFile(path.join(root, 'action', 'dist', 'post.js'), '');
  await writeFile(path.join(root, 'action', 'package.json'), '{"type":"commonjs"}');
  await mkdir(path.join(root, 'source'));
  await writeFile(path.join(root, 'source', 'main.tf'), '');
  store = await pglite.open();
  const tenant = await seedTenant(store, 'acme');
  deployment = (
    await store.deployments.create(
      {
        tenantId: tenant.id,
        projectId: tenant.project.id,
        environment: 'dev',
        operation: 'plan',
        ref: 'main',
        variables: {},
        idempotencyKey: null,
        requestHash: null,
      },
      { actor: 'test' },
    )
  ).deployment;
  runLogs = new RunLogsStore(store.db, () => new Date(), 1024 * 1024);
  const hub = createLogHub();
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
    () => async () => undefined,
    { PATH: process.env['PATH'] ?? '', PROBE_DIR: probe },
    () => new Date(),
    (id) => createRunLogWriter({ logs: runLogs, hub }, id),
  );
});
afterAll(async () => {
  await store.close();
  await rm(root, { recursive: true, force: true });
});

const until = <T>(check: () => Promise<T | undefined>): Promise<T> =>
  eventually(check, { tries: 300, everyMs: 50 });

const spec: DeploymentSpec = {
  v: 1,
  deploymentId: 'dep_0123456789abcdef0123',
  tenantId: 'ten_0123456789abcdef0123',
  project: { id: 'prj_0123456789abcdef0123', name: 'network' },
  environment: 'dev',
  operation: 'plan',
  source: { repository: 'local/source', ref: 'main', path: '' },
  aws: { region: 'eu-west-1', sessionDurationSeconds: 3600 },
  variables: {},
  callback: { url: 'http://127.0.0.1:1/v1/runs/report', audience: 'https://grape.test' },
};

const text = async () => (await runLogs.read(deployment.id)).map((c) => c.body).join('');

it('streams the output in order while the run goes on, masked', async () => {
  const jws = await signSpec(
    { ...spec, deploymentId: deployment.id },
    { key: privateKey, kid: 'k', now: Math.floor(Date.now() / 1000), expiresInSeconds: 600 },
  );
  const { run } = await executor.dispatch({ deployment, spec: jws, concurrencyGroup: 'n/dev' });
  // The first lines are there while the run still waits for the go-ahead.
  const early = await until(async () => {
    const t = await text();
    return t.includes('a warning on stderr') ? t : undefined;
  });
  expect((await executor.getRun(run.runId))?.status).toBe('in_progress');
  // stdout and stderr are two pipes: their relative order is not the child's to keep.
  const stdout = (t: string) => t.split('\n').filter((line) => line !== 'a warning on stderr');
  expect(stdout(early)).toEqual([
    '::group::terraform plan',
    'reading with password *** from the backend',
    '',
  ]);
  await writeFile(path.join(probe, 'go'), '');
  await until(async () =>
    (await executor.getRun(run.runId))?.status === 'completed' ? true : undefined,
  );
  const chunks = await runLogs.read(deployment.id);
  expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i + 1));
  expect(await text()).toBe(
    `${early}Plan: 1 to add, 0 to change, 0 to destroy.\nno newline at the end, and ***\n`,
  );
  expect(JSON.stringify(chunks)).not.toContain(SECRET);
  expect(await runLogs.state(deployment.id)).toMatchObject({ source: 'local', truncated: false });
}, 60_000);
