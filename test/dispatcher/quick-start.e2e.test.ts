/**
 * The README's quick start, in order, against a live dispatcher on the embedded database: the
 * admin commands run while `npm start` serves go through the server (one writer), the token they
 * create works at once, a second server on the same data directory is refused, and after a
 * restart every row is still there.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  buildOnce,
  freePort,
  grape,
  runToEnd,
  serverEnv,
  startServer,
  type LiveServer,
} from './helpers/live-dispatcher.js';

let dataDir: string;
let env: NodeJS.ProcessEnv;
let server: LiveServer | undefined;
let firstToken: string;

beforeAll(async () => {
  buildOnce();
  dataDir = await mkdtemp(path.join(tmpdir(), 'grape-quick-start-'));
  env = serverEnv(dataDir, await freePort());
  server = await startServer(env, /export GRAPE_TOKEN=grape_[0-9a-f]{64}/);
  firstToken = /export GRAPE_TOKEN=(grape_[0-9a-f]{64})/.exec(server.output())![1]!;
}, 180_000);
afterAll(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const projects = async (url: string, token: string) => {
  const response = await fetch(`${url}/v1/projects`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    status: response.status,
    names: ((await response.json()) as { items?: Array<{ name: string }> }).items?.map(
      (p) => p.name,
    ),
  };
};

describe('the README quick start against a live server', () => {
  let ciToken: string;
  let events: number;

  it('records the server in the data directory lock, readable by its owner only', async () => {
    const lock = JSON.parse(await readFile(path.join(dataDir, 'grape.lock'), 'utf8')) as {
      pid: number;
      kind: string;
      url: string;
      controlToken: string;
    };
    expect(lock).toMatchObject({ pid: server!.child.pid, kind: 'server', url: server!.url });
    expect(lock.controlToken).toMatch(/^[0-9a-f]{64}$/);
    expect((await stat(path.join(dataDir, 'grape.lock'))).mode & 0o777).toBe(0o600);
  });

  it('refuses a second server on the same data directory, naming the one running', async () => {
    const second = await runToEnd(['build/dispatcher/src/server.js'], {
      ...env,
      PORT: String(await freePort()),
    });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(
      `The data directory ${dataDir} is in use by a Grape dispatcher (pid ${server!.child.pid} on `,
    );
    expect(second.stderr).toContain(`serving ${server!.url})`);
    expect(second.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 60_000);

  it('runs the operator commands through the server while it serves', async () => {
    const tenant = await grape(['tenant', 'create', 'acme'], env);
    expect(tenant).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ten_\w+\tacme\n$/) });
    const project = await grape(
      [
        'project',
        'create',
        '--tenant',
        'acme',
        '--name',
        'network',
        '--repository',
        'acme/infra',
        '--path',
        'stacks/network',
        '--role-arn',
        'arn:aws:iam::222222222222:role/grape/grape-deploy',
        '--region',
        'eu-west-1',
      ],
      env,
    );
    expect(project.stdout).toMatch(/^prj_\w+\tnetwork\texternal-id=[\w-]{40}\n$/);
    const token = await grape(
      ['token', 'create', '--tenant', 'acme', '--name', 'ci', '--role', 'deployer'],
      env,
    );
    expect(token.code).toBe(0);
    ciToken = token.stdout.trim();
    expect(ciToken).toMatch(/^grape_[0-9a-f]{64}$/);
    const verify = await grape(['audit', 'verify'], env);
    expect(verify.code).toBe(0);
    events = Number(/intact: (\d+) events/.exec(verify.stdout)![1]);
    expect(events).toBeGreaterThanOrEqual(6);
  }, 60_000);

  it('lets the new token in at once: the server itself wrote the rows', async () => {
    expect(await projects(server!.url, ciToken)).toEqual({ status: 200, names: ['network'] });
    const list = await grape(['deployments', '--json'], {
      ...env,
      GRAPE_URL: server!.url,
      GRAPE_TOKEN: ciToken,
    });
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual({ items: [], next: null });
  }, 30_000);

  it('answers a duplicate name with a sentence, not an SQL error', async () => {
    const again = await grape(['tenant', 'create', 'acme'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      "grape: A tenant named 'acme' already exists: choose another name.\n",
    );
  }, 30_000);

  it('releases the lock on stop; the CLI then opens the database itself, and finds every row', async () => {
    expect(await server!.stop()).toBe(0);
    server = undefined;
    expect(existsSync(path.join(dataDir, 'grape.lock'))).toBe(false);
    const verify = await grape(['audit', 'verify'], env);
    expect(verify.stdout).toContain(`audit chain intact: ${events} events`);
    expect(existsSync(path.join(dataDir, 'grape.lock'))).toBe(false);
  }, 60_000);

  it('serves every row after a restart: tenants, the project, both tokens', async () => {
    server = await startServer(env);
    expect(server.output()).not.toContain('First start');
    expect(await projects(server.url, ciToken)).toEqual({ status: 200, names: ['network'] });
    expect((await projects(server.url, firstToken)).status).toBe(200);
    const tenants = await grape(['tenant', 'list'], env);
    expect(tenants.stdout).toMatch(/\tdemo\n.*\tacme\n$/s);
  }, 120_000);

  it('keeps what it acknowledged through a kill -9, and the next start takes the stale lock over', async () => {
    expect((await grape(['tenant', 'create', 'globex'], env)).code).toBe(0);
    const pid = server!.child.pid;
    server!.child.kill('SIGKILL');
    await server!.stop();
    server = undefined;
    expect(JSON.parse(await readFile(path.join(dataDir, 'grape.lock'), 'utf8'))).toMatchObject({
      pid,
    });
    server = await startServer(env);
    expect((await grape(['tenant', 'list'], env)).stdout).toMatch(/\tglobex\n$/);
  }, 120_000);
});
