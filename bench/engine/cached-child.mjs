// Child process for the install benchmark: one installEngine call in a fresh process against a
// tool cache that already holds the version (the first call, JIT cold: what a real run pays).
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const [modulePath, version, mirrorUrl, keyFile, dir] = process.argv.slice(2);
const m = await import(pathToFileURL(modulePath).href);
const { readFile } = await import('node:fs/promises');
const quiet = () => undefined;
const io = {
  info: quiet,
  debug: quiet,
  warning: quiet,
  error: quiet,
  notice: quiet,
  saveState: quiet,
  setOutput: quiet,
  group: (_n, fn) => fn(),
};
const failingFetch = async () => {
  throw new Error('the cached path must not use the network');
};
const start = performance.now();
const got = await m.installEngine(
  {
    name: 'terraform',
    version: m.parseVersionRequest(version),
    mirror: new URL(`${mirrorUrl}/`),
    signingKey: await readFile(keyFile, 'utf8'),
    path: undefined,
  },
  dir,
  dir,
  {
    io,
    env: process.env,
    fetch: failingFetch,
    toolCache: m.toolCache,
    command: { spawn: m.spawnProcess, io, signals: { on: quiet, off: quiet }, cancelGraceMs: 5000 },
    tempDir: dir,
    platform: { os: 'linux', arch: 'amd64' },
    readText: async () => undefined,
    listDir: async () => [],
  },
);
console.log(JSON.stringify({ ms: performance.now() - start, source: got.source }));
