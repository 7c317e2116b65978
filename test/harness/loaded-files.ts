/**
 * Runs the bundled action (see action-runner.ts) and lists the files of dist/ the step loaded:
 * ES module chunks through load-log.mjs, CommonJS files (dist/undici.cjs) through Node's module
 * debug log.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot, runAction, type ActionRun, type RunOptions } from './action-runner.js';

const loadLog = path.join(repoRoot, 'test/harness/load-log.mjs');

/** The CommonJS files a run with NODE_DEBUG=module loaded, from its stderr. */
export const commonJsLoads = (stderr: string): string[] =>
  [...stderr.matchAll(/^MODULE \d+: load "([^"]+)"/gm)].map((m) => m[1]!);

export async function runTracingLoads(
  options: RunOptions,
): Promise<{ run: ActionRun; loaded: string[] }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'grape-loads-'));
  const log = path.join(dir, 'loads');
  try {
    const run = await runAction({
      ...options,
      env: {
        ...options.env,
        NODE_DEBUG: 'module',
        GRAPE_LOAD_LOG: log,
        NODE_OPTIONS: `--import ${pathToFileURL(loadLog).href}`,
      },
    });
    const esm = (await readFile(log, 'utf8').catch(() => '')).split('\n');
    const cjs = commonJsLoads(run.stderr);
    const dist = options.distDir ?? path.join(repoRoot, 'dist');
    const loaded = [...new Set([...esm, ...cjs])]
      .filter((file) => file.startsWith(dist + path.sep))
      .map((file) => path.relative(dist, file))
      .sort();
    return { run, loaded };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
