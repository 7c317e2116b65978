/**
 * README.md's "What is where" and docs/architecture.md draw the action's tree as it is: every
 * folder of src/ appears (README: the top level; architecture.md: every level), nothing drawn is
 * missing, and every `src/…` or `contract/…` path either document names exists.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const read = (file: string): string => readFileSync(path.join(repoRoot, file), 'utf8');

/** The folders a `tree`-style block draws, as paths from the repository root. */
function drawnFolders(block: string): string[] {
  const parents: string[] = [];
  const folders: string[] = [];
  for (const line of block.split('\n')) {
    const m = /^((?:│ {3}| {4})*)[├└]── (\S+)/.exec(line);
    if (!m) continue;
    parents.length = m[1]!.length / 4;
    const name = m[2]!;
    if (!name.endsWith('/')) continue;
    parents.push(name.slice(0, -1));
    folders.push(parents.join('/'));
  }
  return folders;
}

/** The first fenced block after `heading` (or the first one drawing src/ when no heading). */
function treeBlock(text: string, heading?: string): string {
  const from = heading === undefined ? 0 : text.indexOf(heading);
  expect(from).toBeGreaterThanOrEqual(0);
  const blocks = text.slice(from).split('```text\n').slice(1);
  const block = blocks.map((b) => b.slice(0, b.indexOf('```'))).find((b) => b.includes('src/'));
  expect(block).toBeDefined();
  return block!;
}

function sourceFolders(dir: string, depth = Infinity): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(path.join(repoRoot, dir), { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const folder = `${dir}/${entry.name}`;
    found.push(folder);
    if (depth > 1) found.push(...sourceFolders(folder, depth - 1));
  }
  return found;
}

const sorted = (list: string[]): string[] => [...list].sort();

describe("README.md's What is where", () => {
  const drawn = drawnFolders(treeBlock(read('README.md'), '## What is where'));

  it('draws every top-level folder of src/, and only those', () => {
    expect(sorted(drawn.filter((f) => /^src\/[^/]+$/.test(f)))).toEqual(
      sorted(sourceFolders('src', 1)),
    );
  });

  it('draws the shared contract beside src/', () => {
    expect(drawn).toContain('contract');
  });
});

describe('docs/architecture.md', () => {
  const text = read('docs/architecture.md');
  const drawn = drawnFolders(treeBlock(text));

  it('draws every folder of src/, at every level, and only those', () => {
    expect(sorted(drawn.filter((f) => f.startsWith('src/')))).toEqual(sorted(sourceFolders('src')));
  });

  it('has a row for every top-level folder of src/ in the layer table', () => {
    const missing = sourceFolders('src', 1).filter((f) => !text.includes(`| \`${f}/\` |`));
    expect(missing).toEqual([]);
  });
});

describe('paths named in the documents', () => {
  it.each(['README.md', 'docs/architecture.md', 'docs/engine.md', 'docs/facts.md'])(
    '%s names only src/ and contract/ paths that exist',
    (file) => {
      const named = [
        ...read(file).matchAll(
          /`((?:src|contract)\/(?:[a-z][\w./-]*)?)`|\(((?:src|contract)\/[a-z][\w./-]*\.ts)\)/g,
        ),
      ]
        .map((m) => (m[1] ?? m[2])!)
        .filter((p) => !p.includes('…'));
      expect(named.filter((p) => !existsSync(path.join(repoRoot, p)))).toEqual([]);
    },
  );
});
