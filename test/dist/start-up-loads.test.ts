/**
 * What the bundled action loads before it can act: undici (dist/undici.cjs) comes only with its
 * first use, never with `@actions/core`. Node's module debug log (NODE_DEBUG=module) names every
 * CommonJS file and built-in module loaded.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot, runAction } from '../harness/action-runner.js';

const DEBUG = { NODE_DEBUG: 'module' };
const loadedFiles = (stderr: string): string[] =>
  [...stderr.matchAll(/^MODULE \d+: load "([^"]+)"/gm)].map((m) => m[1]!);

describe('the bundle', () => {
  it('ships undici once, in dist/undici.cjs, outside every chunk', async () => {
    const dist = path.join(repoRoot, 'dist');
    const files = (await readdir(dist)).filter((f) => /\.c?js$/.test(f));
    const holding = [];
    // Every undici error code starts with this; no other bundled package uses it.
    for (const file of files)
      if ((await readFile(path.join(dist, file), 'utf8')).includes('UND_ERR_')) holding.push(file);
    expect(holding).toEqual(['undici.cjs']);
  });
});

describe('a main step that fails on its configuration', () => {
  it('reports the bad input without loading undici', async () => {
    const run = await runAction({ inputs: { operation: 'not-an-operation' }, env: DEBUG });
    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toContain("Input 'operation' is 'not-an-operation'");
    // The debug log is on (built-ins are listed), and no bundled CommonJS file was loaded.
    expect(run.stderr).toMatch(/load built-in module/);
    expect(loadedFiles(run.stderr)).toEqual([]);
  });
});

describe('a post step with nothing to clean up', () => {
  it('finishes without loading undici', async () => {
    const run = await runAction({ entry: 'post.js', env: DEBUG });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toMatch(/load built-in module/);
    expect(loadedFiles(run.stderr)).toEqual([]);
  });
});
