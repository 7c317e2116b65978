/**
 * dist/licenses.txt carries the licence of every bundled package, the ones webpack concatenated
 * into dist/index.js included (ncc's own list leaves those out).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../harness/action-runner.js';

describe('dist/licenses.txt', () => {
  it("names the packages of the main file and of every chunk, each with its licence text", async () => {
    const text = await readFile(path.join(repoRoot, 'dist/licenses.txt'), 'utf8');
    const names = new Set(
      [...text.matchAll(/(?:^|\n\n)((?:@[a-z0-9.-]+\/)?[a-z0-9][a-z0-9._-]*)\n([^\n]+)\n/g)].map(
        (m) => m[1],
      ),
    );
    // In dist/index.js (concatenated by webpack), in chunks, and in dist/undici.cjs.
    for (const name of ['@actions/core', 'jose', 'p-retry', 'semver', '@actions/cache', 'openpgp', 'undici'])
      expect([name, names.has(name)]).toEqual([name, true]);
    expect(text).toContain('Permission is hereby granted');
  });
});
