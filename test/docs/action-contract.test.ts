/** action.yml is the contract: every input the code reads is declared there, every declared input is read, and the README tables match it. */
import { execFile } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import YAML from 'yaml';
import { repoRoot } from '../harness/action-runner.js';

const run = promisify(execFile);

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory()
        ? sourceFiles(path.join(dir, e.name))
        : Promise.resolve(e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []),
    ),
  );
  return nested.flat();
}

describe('action.yml', () => {
  it('declares exactly the inputs the action reads', async () => {
    const action = YAML.parse(await readFile(path.join(repoRoot, 'action.yml'), 'utf8')) as {
      inputs: Record<string, unknown>;
    };
    const declared = new Set(Object.keys(action.inputs));
    // Inputs are read as `inputs.string('name')`, or through a helper: `readX(inputs, 'name')`,
    // or a list of names the helper walks (facts-config.ts) — hence the looser second check.
    const read = new Set<string>();
    const mentioned = new Set<string>();
    for (const file of await sourceFiles(path.join(repoRoot, 'src'))) {
      const text = await readFile(file, 'utf8');
      for (const m of text.matchAll(
        /inputs\.(?:string|secret|bool|int|oneOf|list)\(\s*'([a-z0-9-]+)'/g,
      ))
        read.add(m[1]!);
      for (const m of text.matchAll(/\(\s*inputs,\s*'([a-z0-9-]+)'/g)) read.add(m[1]!);
      for (const m of text.matchAll(/'([a-z][a-z0-9-]+)'/g)) mentioned.add(m[1]!);
    }
    expect([...read].filter((name) => !declared.has(name))).toEqual([]);
    expect([...declared].filter((name) => !read.has(name) && !mentioned.has(name))).toEqual([]);
  });

  it('documents every input and output', async () => {
    const action = YAML.parse(await readFile(path.join(repoRoot, 'action.yml'), 'utf8')) as {
      inputs: Record<string, { description?: string }>;
      outputs: Record<string, { description?: string }>;
    };
    for (const [name, spec] of [
      ...Object.entries(action.inputs),
      ...Object.entries(action.outputs),
    ]) {
      expect([name, (spec.description ?? '').length > 10]).toEqual([name, true]);
    }
  });

  it('matches the README tables', async () => {
    await expect(
      run(process.execPath, [path.join(repoRoot, 'scripts/action-docs.mjs'), '--check']),
    ).resolves.toBeDefined();
  });
});
