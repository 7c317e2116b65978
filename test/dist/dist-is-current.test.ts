import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../harness/action-runner.js';

const run = promisify(execFile);

describe('the committed dist/', () => {
  it('is exactly what `npm run bundle` produces from the sources', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'grape-dist-'));
    try {
      await run(process.execPath, [path.join(repoRoot, 'scripts/bundle.mjs'), out], { cwd: repoRoot });
      const fresh = (await readdir(out)).sort();
      const committed = (await readdir(path.join(repoRoot, 'dist'))).sort();
      expect(committed).toEqual(fresh);
      const differing = [];
      for (const file of fresh) {
        const [a, b] = await Promise.all([readFile(path.join(out, file)), readFile(path.join(repoRoot, 'dist', file))]);
        if (!a.equals(b)) differing.push(`${file} (fresh ${a.length} bytes, committed ${b.length})`);
      }
      if (differing.length > 0)
        throw new Error(`dist/ differs from a fresh bundle in ${differing.join(', ')}: run \`npm run bundle\` and commit dist/.`);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 120_000);

  it('runs on node24 with main and post steps', async () => {
    const yaml = await readFile(path.join(repoRoot, 'action.yml'), 'utf8');
    expect(yaml).toMatch(/^\s+using: node24$/m);
    expect(yaml).toMatch(/^\s+main: dist\/index\.js$/m);
    expect(yaml).toMatch(/^\s+post: dist\/post\.js$/m);
  });
});
