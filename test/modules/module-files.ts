/** The Terraform modules of this repository, parsed with @cdktf/hcl2json. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@cdktf/hcl2json';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const modulesDir = path.join(repoRoot, 'modules');

/** Module names: the folders of modules/. */
export const moduleNames: string[] = readdirSync(modulesDir)
  .filter((name) => statSync(path.join(modulesDir, name)).isDirectory())
  .sort();

/** Example root modules of one module: modules/<name>/examples/<example>. */
export function exampleDirs(moduleName: string): string[] {
  const dir = path.join(modulesDir, moduleName, 'examples');
  return readdirSync(dir)
    .map((name) => path.join(dir, name))
    .filter((p) => statSync(p).isDirectory())
    .sort();
}

/** Every .tf file under modules/, recursively, repository-relative. */
export function allTfFiles(dir = modulesDir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '.terraform' ? [] : allTfFiles(full);
    return entry.name.endsWith('.tf') ? [path.relative(repoRoot, full)] : [];
  });
}

/** hcl2json's view of HCL: blocks are lists of bodies; expressions are "${…}" strings. */
export type Hcl = Record<string, unknown>;
export type Block = Record<string, unknown>;

export async function parseTf(relative: string): Promise<Hcl> {
  return (await parse(relative, readFileSync(path.join(repoRoot, relative), 'utf8'))) as Hcl;
}

/** All .tf files of one directory (not recursive), merged by top-level key. */
export async function parseDir(dir: string): Promise<Record<string, Record<string, Block[]>>> {
  const merged: Record<string, Record<string, Block[]>> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.tf'))) {
    const parsed = await parseTf(path.relative(repoRoot, path.join(dir, file)));
    for (const [kind, value] of Object.entries(parsed)) {
      const into = (merged[kind] ??= {});
      if (Array.isArray(value)) {
        // `terraform` and `locals` blocks: lists of bodies.
        (into['_'] ??= []).push(...(value as Block[]));
      } else {
        for (const [name, blocks] of Object.entries(value as Record<string, unknown>)) {
          (into[name] ??= []).push(
            ...(Array.isArray(blocks) ? (blocks as Block[]) : [blocks as Block]),
          );
        }
      }
    }
  }
  return merged;
}
