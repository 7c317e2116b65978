#!/usr/bin/env node
/**
 * The web console's first load on loopback, beside a `/openapi.json` fetch in the same run: the
 * built dispatcher (`npm run build`; PGlite, local executor) with a signed-in session and a page of
 * deployments, then for each round a fresh chromium context (empty cache) opening /deployments —
 * bytes transferred (headers + bodies as sent, gzip where accepted) and the time from navigation
 * start to the deployments table rendered — and, from the same browser, a fetch of /openapi.json
 * (time to its last byte, its bytes). Medians; the ratio travels between machines better than the
 * times. Usage: node bench/console/first-load.mjs [rounds=15]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const rounds = Number(process.argv[2] ?? 15);
const chromiumPath =
  process.env.GRAPE_TEST_CHROMIUM ??
  spawnSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
    encoding: 'utf8',
  }).stdout.trim();
if (!chromiumPath) throw new Error('no chromium on PATH (apt-get install chromium)');

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (
  spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0
)
  process.exit(1);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'grape-bench-console-'));
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const env = {
  ...process.env,
  GRAPE_DATA_DIR: dataDir,
  PORT: String(port),
  HOST: '127.0.0.1',
  GRAPE_EXECUTOR: 'local',
  GRAPE_LOG_LEVEL: 'warn',
};
delete env.DATABASE_URL;
const server = spawn(process.execPath, ['build/dispatcher/src/server.js'], {
  cwd: root,
  env,
  stdio: ['ignore', 'pipe', 'inherit'],
});
let banner = '';
await new Promise((resolve, reject) => {
  server.stdout.on('data', (c) => {
    banner += c;
    if (/export GRAPE_TOKEN=grape_\w+/.test(banner)) resolve();
  });
  server.once('exit', (code) => reject(new Error(`dispatcher exited ${code}`)));
});
const token = /export GRAPE_TOKEN=(grape_\w+)/.exec(banner)[1];
const link = /^Console: (\S+)/m.exec(banner)[1];
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
try {
  // A page of deployments to render: queued then cancelled at once (no run needed).
  for (let i = 0; i < 20; i++) {
    const d = await fetch(`${url}/v1/deployments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ project: 'hello', environment: `bench-${i}`, operation: 'plan' }),
    }).then((r) => r.json());
    await fetch(`${url}/v1/deployments/${d.id}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
  }
  const signIn = await browser.newContext();
  await (await signIn.newPage()).goto(link);
  const cookies = await signIn.cookies();
  await signIn.close();

  const consoleMs = [],
    consoleBytes = [],
    apiMs = [],
    apiBytes = [];
  for (let r = 0; r < rounds + 2; r++) {
    const context = await browser.newContext();
    await context.addCookies(cookies);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    let bytes = 0;
    cdp.on('Network.loadingFinished', (e) => (bytes += e.encodedDataLength));
    await page.goto(`${url}/deployments`, { waitUntil: 'commit' });
    await page.locator('table[aria-label="Deployments"] tbody tr').first().waitFor();
    const rendered = await page.evaluate(() => globalThis.performance.now());
    // The same browser fetching the API description, after the console's own requests are done.
    await page.waitForLoadState('networkidle');
    const before = bytes;
    const api = await page.evaluate(async () => {
      const t0 = globalThis.performance.now();
      const text = await (await fetch('/openapi.json', { cache: 'no-store' })).text();
      return { ms: globalThis.performance.now() - t0, length: text.length };
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (r >= 2) {
      consoleMs.push(rendered);
      consoleBytes.push(before);
      apiMs.push(api.ms);
      apiBytes.push(bytes - before);
    }
    await context.close();
  }
  const c = median(consoleMs),
    a = median(apiMs);
  console.log(
    `rounds ${rounds}, node ${process.version}, load ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `console first load: ${(median(consoleBytes) / 1024).toFixed(1)} KiB transferred, ${c.toFixed(0)} ms to the deployments table (median; min ${Math.min(...consoleMs).toFixed(0)}, max ${Math.max(...consoleMs).toFixed(0)})`,
  );
  console.log(
    `/openapi.json fetch: ${(median(apiBytes) / 1024).toFixed(1)} KiB transferred, ${a.toFixed(0)} ms (median; min ${Math.min(...apiMs).toFixed(0)}, max ${Math.max(...apiMs).toFixed(0)})`,
  );
  console.log(
    `ratio console / openapi.json: time ${(c / a).toFixed(1)}, bytes ${(median(consoleBytes) / median(apiBytes)).toFixed(2)}`,
  );
} finally {
  await browser.close();
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
}
