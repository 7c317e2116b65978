/**
 * The built dispatcher (`npm run build`, then build/dispatcher/src/server.js) as a newcomer starts
 * it: embedded PGlite in a fresh data dir, the local executor, a loopback port. Resolves with the
 * first-start banner's console sign-in URL and admin token; `stop()` ends it and removes the data.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../harness/action-runner.js';

export interface BuiltDispatcher {
  readonly url: string;
  readonly consoleUrl: string;
  readonly token: string;
  readonly dataDir: string;
  readonly env: NodeJS.ProcessEnv;
  /** Runs `node bin/grape.js …` against it; stdout. */
  cli(...args: string[]): string;
  stop(): Promise<void>;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export function buildOnce(): void {
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stderr}`);
}

export async function startBuiltDispatcher(
  extraEnv: Record<string, string> = {},
): Promise<BuiltDispatcher> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'grape-console-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GRAPE_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    GRAPE_EXECUTOR: 'local',
    GRAPE_LOG_LEVEL: 'warn',
    GRAPE_DISPATCH_INTERVAL_MS: '200',
    GRAPE_RECONCILE_INTERVAL_MS: '1000',
    ...extraEnv,
  };
  delete env['DATABASE_URL'];
  delete env['GITHUB_APP_ID'];
  const child: ChildProcess = spawn(process.execPath, ['build/dispatcher/src/server.js'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no first-start banner within 180 s:\n${out}`)),
        180_000,
      );
      const check = () => {
        if (/export GRAPE_TOKEN=grape_\w+/.test(out) && /^Console: \S+/m.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the dispatcher exited with ${code}:\n${out}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    consoleUrl: /^Console: (\S+)/m.exec(out)![1]!,
    token: /export GRAPE_TOKEN=(grape_\w+)/.exec(out)![1]!,
    dataDir,
    env,
    cli: (...args) => {
      const run = spawnSync(process.execPath, ['bin/grape.js', ...args], {
        cwd: repoRoot,
        env: { ...env, GRAPE_URL: url },
        encoding: 'utf8',
      });
      if (run.status !== 0) throw new Error(`grape ${args.join(' ')}: ${run.stderr}`);
      return run.stdout;
    },
    stop,
  };
}
