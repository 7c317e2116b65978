/**
 * The local executor's failure reasons carry no host paths, and its plan run without a report is
 * never `succeeded`. The "action" here is a stand-in script (the executor runs whatever
 * GRAPE_LOCAL_ACTION names), so each outcome is exact.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NO_PLAN_REPORT } from '../../../dispatcher/src/executor/executor.js';
import { repoRoot } from '../../harness/action-runner.js';
import { pglite, type TestStore } from '../helpers/backends.js';
import {
  dispatcherOn,
  seedTenant,
  type Tenant,
  type TestDispatcher,
} from '../helpers/dispatcher-fixture.js';

let root: string;
let store: TestStore;
let grape: TestDispatcher;
let acme: Tenant;
/** A stand-in action laid out as the runner emulation reads one: action.yml beside dist/. */
const script = (name: string) => path.join(root, name, 'dist', 'index.js');
async function standInAction(name: string, main: string): Promise<void> {
  await mkdir(path.join(root, name, 'dist'), { recursive: true });
  await cp(path.join(repoRoot, 'action.yml'), path.join(root, name, 'action.yml'));
  await writeFile(path.join(root, name, 'package.json'), '{"type":"commonjs"}');
  await writeFile(path.join(root, name, 'dist', 'post.js'), '');
  await writeFile(script(name), main);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'grape-local-reasons-'));
  await mkdir(path.join(root, 'src', 'stacks', 'network'), { recursive: true });
  await writeFile(path.join(root, 'src', 'stacks', 'network', 'main.tf'), '');
  // Fails naming its own workspace path and the source tree, as Terraform errors do.
  await standInAction(
    'fails',
    `console.log('::error::Error: Failed to read ' + process.cwd() + '/stacks/network/main.tf (copied from ${path.join(root, 'src')}/stacks/network)');\nprocess.exit(1);\n`,
  );
  store = await pglite.open();
  acme = await seedTenant(store, 'acme');
});
afterAll(async () => {
  await grape?.app.close();
  await store.close();
  await rm(root, { recursive: true, force: true });
});

async function start(action: string): Promise<void> {
  await grape?.app.close();
  grape = await dispatcherOn(
    {
      GRAPE_EXECUTOR: 'local',
      GRAPE_DATA_DIR: path.join(root, 'data'),
      GRAPE_LOCAL_SOURCE_DIR: path.join(root, 'src'),
      GRAPE_LOCAL_ACTION: action,
      GRAPE_LOCAL_FACTS_GIT_URL: path.join(root, 'gitops.git'),
    },
    store,
  );
}

async function deployAndWait(operation: string, env: string) {
  const res = await grape.app.inject({
    method: 'POST',
    url: '/v1/deployments',
    headers: { authorization: `Bearer ${acme.deployer}` },
    payload: { project: 'network', environment: env, operation },
  });
  expect(res.statusCode).toBe(202);
  await grape.ctx.loop.tick();
  for (let i = 0; i < 200; i++) {
    const d = await store.deployments.getById(res.json().id);
    if (d && ['failed', 'succeeded', 'cancelled', 'awaiting-approval'].includes(d.status)) return d;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the local run did not finish within 200 polls');
}

describe('local executor failure reasons', () => {
  it('replace the server paths of the workspace and the source tree', async () => {
    await start(script('fails'));
    const d = await deployAndWait('apply', 'paths');
    expect(d.status).toBe('failed');
    expect(d.statusReason).toBe(
      'Error: Failed to read <workspace>/stacks/network/main.tf (copied from <source>/stacks/network)',
    );
    expect(d.statusReason).not.toContain(root);
  });

  it('a plan run that exits 0 without a report fails as outcome unknown', async () => {
    await standInAction('silent', 'process.exit(0);\n');
    await start(script('silent'));
    const d = await deployAndWait('plan', 'silent');
    expect(d).toMatchObject({ status: 'failed', statusReason: NO_PLAN_REPORT, planSha256: null });
  });
});
