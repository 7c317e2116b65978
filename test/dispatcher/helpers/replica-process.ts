/**
 * A dispatcher replica as its own process (replica-main.ts run from source through the benchmarks'
 * SWC loader), so a test can SIGKILL it for real: no graceful close, connections cut,
 * in-flight GitHub calls abandoned. Logs are kept for assertions; `stop()` kills what is left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ReplicaProcess {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it wrote (pino JSON lines). */
  logs(): string;
  alive(): boolean;
  kill(signal: NodeJS.Signals): void;
  exited: Promise<void>;
}

/** A free loopback port (the dispatcher takes PORT, not 0). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startReplica(
  name: string,
  env: Record<string, string>,
  readyWithinMs = 30_000,
): Promise<ReplicaProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      '--import',
      path.join(repoRoot, 'bench/facts/ts-hooks.mjs'),
      path.join(repoRoot, 'test/dispatcher/helpers/replica-main.ts'),
    ],
    {
      cwd: repoRoot,
      env: { PATH: process.env['PATH'] ?? '', ...env, HOST: '127.0.0.1', PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const replica: ReplicaProcess = {
    name,
    url,
    child,
    logs: () => out,
    alive: () => child.exitCode === null && child.signalCode === null,
    kill: (signal) => void child.kill(signal),
    exited,
  };
  const deadline = Date.now() + readyWithinMs;
  while (Date.now() < deadline) {
    if (!replica.alive()) throw new Error(`replica ${name} exited while starting:\n${out}`);
    const ok = await fetch(`${url}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return replica;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`replica ${name} did not answer /healthz within ${readyWithinMs} ms:\n${out}`);
}
