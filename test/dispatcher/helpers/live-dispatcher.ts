/**
 * The dispatcher and the CLI as a user runs them: `node build/dispatcher/src/server.js` (what
 * `npm start` runs after building) in a child process on a temporary data dir and an ephemeral
 * loopback port, and `node bin/grape.js …` for every command. Bounded waits; every child stopped.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { repoRoot } from '../../harness/action-runner.js';

let built = false;
/** Compiles build/ once per test file (bin/grape.js and the server run from it). */
export function buildOnce(): void {
  if (built) return;
  const result = spawnSync('npm', ['run', '-s', 'build'], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`npm run build failed:\n${result.stdout}${result.stderr}`);
  built = true;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The environment of a dispatcher on `dataDir`: PGlite, local executor, quick loops. */
export function serverEnv(dataDir: string, port: number, extra: Record<string, string> = {}) {
  const env: Record<string, string | undefined> = {
    ...process.env,
    GRAPE_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    GRAPE_EXECUTOR: 'local',
    GRAPE_LOG_LEVEL: 'warn',
    GRAPE_DISPATCH_INTERVAL_MS: '200',
    GRAPE_RECONCILE_INTERVAL_MS: '1000',
    ...extra,
  };
  delete env['DATABASE_URL'];
  delete env['GITHUB_APP_ID'];
  return env;
}

export interface LiveServer {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export interface Exited {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts a server; resolves once /healthz answers (and, with `banner`, once it printed that). */
export async function startServer(env: NodeJS.ProcessEnv, banner?: RegExp): Promise<LiveServer> {
  const url = `http://127.0.0.1:${env['PORT']}`;
  const child = spawn(process.execPath, ['build/dispatcher/src/server.js'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  let gone = false;
  void exited.then(() => (gone = true));
  for (let i = 0; ; i++) {
    if (gone) throw new Error(`the dispatcher exited while starting:\n${out}`);
    if (i > 600) {
      child.kill('SIGKILL');
      throw new Error(`the dispatcher did not start within 60 s:\n${out}`);
    }
    const healthy = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy && (!banner || banner.test(out))) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    output: () => out,
    async stop() {
      if (!gone) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Runs a process to its end, e.g. a second server that should refuse to start. */
export function runToEnd(
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 120_000,
): Promise<Exited> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `node bin/grape.js …`, as README shows it. */
export const grape = (
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs?: number,
): Promise<Exited> => runToEnd(['bin/grape.js', ...args], env, timeoutMs);
