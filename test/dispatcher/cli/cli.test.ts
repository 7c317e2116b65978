/** The `grape` CLI in-process: admin commands on a real store, deploy against a real dispatcher, odd flags. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pglite, type TestStore } from '../helpers/backends.js';
import { runRecordedCli } from '../helpers/recording-cli.js';
import {
  seedTenant,
  startDispatcher,
  startEnvironment,
  type Environment,
  type Tenant,
  type TestDispatcher,
} from '../helpers/dispatcher-fixture.js';

let environment: Environment;
let store: TestStore;
let grape: TestDispatcher;
let acme: Tenant;
let url: string;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'grape-cli-'));
  environment = await startEnvironment();
  store = await pglite.open(environment.clock);
  grape = await startDispatcher(environment, store);
  acme = await seedTenant(store, 'acme');
  url = await grape.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await grape.app.close();
  await store.close();
  await environment.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function cli(
  args: string[],
  env: Record<string, string> = {},
  onSleep?: () => Promise<void>,
) {
  const run = await runRecordedCli(args, {
    store,
    dataDir,
    env,
    version: '1.2.3-test',
    ...(onSleep ? { onSleep } : {}),
  });
  return { code: run.code, out: run.out.join('\n'), err: run.err.join('\n') };
}

describe('admin commands', () => {
  it('creates a tenant, a project (printing its ExternalId) and a token shown once', async () => {
    const tenant = await cli(['tenant', 'create', 'globex']);
    expect(tenant).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^ten_[0-9a-f]{20}\tglobex$/),
    });
    const project = await cli([
      'project',
      'create',
      '--tenant',
      'globex',
      '--name',
      'web',
      '--repository',
      'globex/infra',
      '--role-arn',
      'arn:aws:iam::333333333333:role/grape',
      '--region',
      'us-east-1',
      '--protect',
      'prod',
    ]);
    expect(project.out).toMatch(/^prj_[0-9a-f]{20}\tweb\texternal-id=[\w-]{40}$/);
    const token = await cli([
      'token',
      'create',
      '--tenant',
      'globex',
      '--name',
      'ci',
      '--role',
      'deployer',
      '--env',
      'dev',
    ]);
    expect(token.out).toMatch(/^grape_[0-9a-f]{64}$/);
    expect(token.err).toContain('not shown again');
  });

  it.each([
    [['tenant', 'create', 'Bad Name'], "Tenant name 'Bad Name' is not valid"],
    [
      [
        'project',
        'create',
        '--tenant',
        'acme',
        '--name',
        'x',
        '--repository',
        'a/b',
        '--role-arn',
        'nope',
        '--region',
        'eu-west-1',
      ],
      "--role-arn 'nope' is not valid",
    ],
    [
      [
        'project',
        'create',
        '--tenant',
        'acme',
        '--name',
        'x',
        '--repository',
        'a/b',
        '--role-arn',
        'arn:aws:iam::222222222222:role/x',
        '--region',
        'europe',
      ],
      "--region 'europe' is not valid",
    ],
    [
      [
        'project',
        'create',
        '--tenant',
        'nobody',
        '--name',
        'x',
        '--repository',
        'a/b',
        '--role-arn',
        'arn:aws:iam::222222222222:role/x',
        '--region',
        'eu-west-1',
      ],
      "No tenant 'nobody'",
    ],
    [
      ['token', 'create', '--tenant', 'acme', '--name', 'x', '--role', 'root'],
      "--role 'root' is not a role",
    ],
    [
      ['token', 'create', '--tenant', 'acme', '--name', 'x'],
      "required option '--role <role>' not specified",
    ],
    [['deploy', '--project', 'network'], "required option '--env <environment>' not specified"],
    [['frobnicate'], "unknown command 'frobnicate'"],
  ])('grape %j fails naming the problem', async (args, message) => {
    const result = await cli(args);
    expect(result.code).not.toBe(0);
    expect(result.err).toContain(message);
  });
});

describe('grape deploy', () => {
  it('refuses to run without GRAPE_URL or GRAPE_TOKEN, and with odd flags', async () => {
    expect((await cli(['deploy', '--project', 'network', '--env', 'dev'])).err).toContain(
      'GRAPE_URL is not set',
    );
    expect(
      (await cli(['deploy', '--project', 'network', '--env', 'dev'], { GRAPE_URL: url })).err,
    ).toContain('GRAPE_TOKEN is not set');
    const env = { GRAPE_URL: url, GRAPE_TOKEN: acme.deployer };
    expect(
      (await cli(['deploy', '--project', 'network', '--env', 'dev', '--operation', 'nuke'], env))
        .err,
    ).toContain("--operation 'nuke' is not one of");
    expect(
      (await cli(['deploy', '--project', 'network', '--env', 'dev', '--var', 'novalue'], env)).err,
    ).toContain("--var 'novalue' is not name=value");
    expect(
      (await cli(['deploy', '--project', 'network', '--env', 'dev', '--interval', '0'], env)).err,
    ).toContain("--interval '0'");
    expect((await cli(['deploy', '--project', 'missing', '--env', 'dev'], env)).err).toContain(
      'answered 404',
    );
  });

  it('follows the deployment live until it ends (--wait)', async () => {
    let step = 0;
    const advance = async (): Promise<void> => {
      step++;
      if (step === 1) await grape.ctx.loop.tick();
      if (step === 2) {
        for (const run of environment.actions.runs) environment.actions.complete(run.id, 'success');
        environment.clock.advance(31_000);
        await grape.ctx.reconciler.tick();
      }
    };
    const result = await cli(
      [
        'deploy',
        '--project',
        'network',
        '--env',
        'cli',
        '--operation',
        'apply',
        '--var',
        'size=3',
        '--wait',
      ],
      { GRAPE_URL: url, GRAPE_TOKEN: acme.deployer },
      advance,
    );
    expect(result.code).toBe(0);
    // What it waited for, as the log's progress events said, between the status lines.
    const waits = result.out.split('\n').filter((l) => l.includes('  … '));
    for (const wait of waits)
      expect(wait).toMatch(
        /^dep_[0-9a-f]{20} {2}… (queued: waiting for the dispatcher to dispatch it|dispatching: waiting for GitHub to accept the workflow run \(since \d\d:\d\d:\d\d UTC\))$/,
      );
    const lines = result.out.split('\n').filter((l) => !l.includes('  … '));
    expect(lines[0]).toMatch(/^dep_[0-9a-f]{20} {2}queued \(queue position 1\)$/);
    expect(lines[1]).toMatch(
      /running {2}https:\/\/github.com\/acme\/grape-runner\/actions\/runs\/\d+$/,
    );
    expect(lines.at(-1)).toMatch(/succeeded/);
  });
});

describe('the day-to-day commands', () => {
  const env = () => ({ GRAPE_URL: url, GRAPE_TOKEN: acme.deployer });
  let id: string;
  beforeAll(async () => {
    const listed = await cli(['deployments', '--env', 'cli', '--json'], env());
    id = (JSON.parse(listed.out) as { items: Array<{ id: string }> }).items[0]!.id;
  });

  it('lists deployments one a line, filtered', async () => {
    const listed = await cli(['deployments', '--project', 'network', '--env', 'cli'], env());
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(
      new RegExp(`^${id}\\tnetwork\\tcli\\tapply\\tsucceeded\\t\\d{4}-\\d\\d-\\d\\dT`),
    );
    expect((await cli(['deployments', '--env', 'nowhere'], env())).err).toBe('No deployments.');
  });

  it('shows one deployment field by field', async () => {
    const shown = await cli(['show', id], env());
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(new RegExp(`^id: {13}${id}$`, 'm'));
    expect(shown.out).toMatch(/^project: {8}network \(prj_\w+\)$/m);
    expect(shown.out).toMatch(/^status: {9}succeeded$/m);
    expect(shown.out).toMatch(
      /^run: {12}https:\/\/github\.com\/acme\/grape-runner\/actions\/runs\/\d+$/m,
    );
  });

  it('says when a run sent no log, and refuses to approve what is not awaiting approval', async () => {
    const logs = await cli(['logs', id], env());
    expect(logs).toMatchObject({
      code: 0,
      out: '',
      err: `The dispatcher holds no log for ${id}: the run never sent one.`,
    });
    const approve = await cli(['approve', id], env());
    expect(approve.code).toBe(1);
    expect(approve.err).toContain('grape: The dispatcher answered 409:');
  });

  it('prints the version', async () => {
    expect(await cli(['--version'])).toEqual({ code: 0, out: '1.2.3-test', err: '' });
  });
});

describe('grape audit verify', () => {
  it('proves the chain intact, then names the first broken link', async () => {
    expect((await cli(['audit', 'verify'])).out).toMatch(/^audit chain intact: \d+ events/);
    await store.db.query("UPDATE audit_events SET action = 'forged' WHERE seq = 3");
    const broken = await cli(['audit', 'verify']);
    expect(broken.code).toBe(3);
    expect(broken.err).toContain('audit chain BROKEN at event 3');
  });
});
