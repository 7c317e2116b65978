#!/usr/bin/env node
/**
 * `npm run demo`: the whole of Grape on this machine. Starts the dispatcher (embedded PGlite, the
 * local executor) on a fresh data dir, deploys examples/hello-infra through the HTTP API with
 * `grape deploy --wait`, and shows the facts commit the apply made in the GitOps repository.
 * Options: --keep (keep the data dir and print its path).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const say = (line) => process.stdout.write(`\n▶ ${line}\n`);

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function terraformOnPath() {
  const found = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8' });
  if (found.status !== 0) return undefined;
  try {
    return JSON.parse(found.stdout).terraform_version;
  } catch {
    return 'unknown';
  }
}

const version = terraformOnPath();
if (version) say(`Terraform ${version} found on PATH: the local executor uses it.`);
else
  say(
    'No terraform on PATH: the action will download and verify one from releases.hashicorp.com. ' +
      'Without internet that fails; install Terraform ≥ 1.5 or set GRAPE_LOCAL_ENGINE_PATH.',
  );

say('Building the dispatcher (npm run build)…');
if (spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' }).status !== 0)
  process.exit(1);

const dataDir = mkdtempSync(path.join(tmpdir(), 'grape-demo-'));
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const serverEnv = {
  ...process.env,
  GRAPE_DATA_DIR: dataDir,
  PORT: String(port),
  HOST: '127.0.0.1',
  GRAPE_EXECUTOR: 'local',
  GRAPE_LOG_LEVEL: process.env.GRAPE_LOG_LEVEL ?? 'warn',
  GRAPE_DISPATCH_INTERVAL_MS: '200',
  GRAPE_RECONCILE_INTERVAL_MS: '1000',
};
delete serverEnv.DATABASE_URL;
delete serverEnv.GITHUB_APP_ID;

say(`Starting the dispatcher on ${url} (data dir ${dataDir})…`);
const server = spawn(process.execPath, ['build/dispatcher/src/server.js'], {
  cwd: root,
  env: serverEnv,
  stdio: ['ignore', 'pipe', 'inherit'],
});
let banner = '';
const token = await new Promise((resolve, reject) => {
  const timer = setTimeout(
    () => reject(new Error('the dispatcher did not start within 90 s')),
    90_000,
  );
  server.stdout.on('data', (chunk) => {
    banner += chunk.toString();
    const match = /export GRAPE_TOKEN=(grape_[0-9a-f]+)/.exec(banner);
    if (match) {
      clearTimeout(timer);
      resolve(match[1]);
    }
  });
  server.once('exit', (code) =>
    reject(new Error(`the dispatcher exited with code ${code}:\n${banner}`)),
  );
});
process.stdout.write(banner.replace(/grape_[0-9a-f]{64}/g, (t) => `${t.slice(0, 12)}…`));

let status = 1;
try {
  say('grape deploy --project hello --env dev --operation apply --wait');
  const deploy = spawnSync(
    process.execPath,
    [
      'bin/grape.js',
      'deploy',
      '--project',
      'hello',
      '--env',
      'dev',
      '--operation',
      'apply',
      '--wait',
      '--interval',
      '0.5',
    ],
    {
      cwd: root,
      env: { ...process.env, GRAPE_URL: url, GRAPE_TOKEN: token },
      stdio: 'inherit',
      timeout: 300_000,
    },
  );
  status = deploy.status ?? 1;
  if (status === 0) {
    say('The facts commit in the GitOps repository (git log -p):');
    spawnSync(
      'git',
      ['--git-dir', path.join(dataDir, 'gitops.git'), 'log', '-p', '-1', '--no-color', 'main'],
      { stdio: 'inherit' },
    );
  } else {
    say(`The deployment did not succeed; the run's log is under ${path.join(dataDir, 'runs')}.`);
  }
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  if (keep || status !== 0) say(`Kept the data dir: ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
}
process.exit(status);
