/**
 * The binary at `engine-path` is the user's: asking it `version -json` must not hand it the
 * runner's tokens (which would let it mint OIDC tokens for this workflow). It runs in the same
 * withheld environment as every terraform command (src/engine/engine-env.ts).
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EngineConfig } from '../../src/config/engine-config.js';
import { installEngine } from '../../src/engine/install-engine.js';
import { spawnProcess } from '../../src/process/spawn-process.js';
import { recordingIO } from '../harness/fake-io.js';

const RUNNER_TOKENS = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/oidc-token-request',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-request-token-must-not-leak',
  ACTIONS_RUNTIME_TOKEN: 'runtime-token-must-not-leak',
};

let work: string;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'grape-probe-'));
  // The job's environment as the runner gives it to the action (process.env in production).
  for (const [name, value] of Object.entries(RUNNER_TOKENS)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
});
afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await rm(work, { recursive: true, force: true });
});

describe('the version probe of an engine-path binary', () => {
  it('runs the binary without the runner tokens, with the rest of the job environment', async () => {
    const dump = path.join(work, 'probe-env.txt');
    const binary = path.join(work, 'terraform');
    await writeFile(
      binary,
      `#!/bin/sh\nenv > '${dump}'\necho '{"terraform_version":"1.11.4","platform":"linux_amd64"}'\n`,
    );
    await chmod(binary, 0o755);
    const io = recordingIO();
    const config: EngineConfig = {
      name: 'terraform',
      version: undefined,
      mirror: new URL('http://127.0.0.1:9/'),
      signingKey: undefined,
      path: binary,
    };
    const engine = await installEngine(config, work, work, {
      io,
      env: { ...process.env, GRAPE_JOB_VARIABLE: 'kept' },
      fetch: async () => {
        throw new Error('no network in this test');
      },
      toolCache: {
        find: () => '',
        cacheDir: async () => {
          throw new Error('no tool cache in this test');
        },
      },
      command: {
        spawn: spawnProcess,
        io,
        signals: { on: () => undefined, off: () => undefined },
        cancelGraceMs: 5000,
      },
      tempDir: work,
      platform: { os: 'linux', arch: 'amd64' },
      readText: async () => undefined,
      listDir: async () => [],
    });
    expect(engine).toEqual({
      name: 'terraform',
      version: '1.11.4',
      binaryPath: binary,
      source: 'engine-path',
    });
    const seen = new Map(
      (await readFile(dump, 'utf8'))
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    for (const name of Object.keys(RUNNER_TOKENS)) expect(seen.has(name)).toBe(false);
    expect(seen.get('GRAPE_JOB_VARIABLE')).toBe('kept');
    expect(seen.get('CHECKPOINT_DISABLE')).toBe('1');
  });
});
