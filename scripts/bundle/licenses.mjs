/**
 * dist/licenses.txt: the licence of every package whose code is in dist/. ncc can write its own list,
 * but leaves out the packages webpack concatenated into the main file (@actions/core, jose, yaml,
 * p-retry…), so the list is made here from the builds' webpack stats: every bundled module's file,
 * mapped to the package it belongs to. Same layout as ncc's: name, licence id, licence text.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';

/** The directories (…/node_modules/<name>) of the packages bundled in these ncc results. */
export function bundledPackageDirs(results) {
  const dirs = new Set();
  const visit = (modules) => {
    for (const m of modules ?? []) {
      const file = m.nameForCondition ?? m.identifier?.split('!').at(-1);
      const at = file?.lastIndexOf(`${path.sep}node_modules${path.sep}`) ?? -1;
      if (at >= 0) {
        const parts = file.slice(at + '/node_modules/'.length).split(path.sep);
        const name = parts[0].startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1);
        dirs.add(path.join(file.slice(0, at), 'node_modules', ...name));
      }
      visit(m.modules);
    }
  };
  for (const result of results)
    visit(result.stats.toJson({ all: false, modules: true, nestedModules: true }).modules);
  return dirs;
}

const LICENCE_FILE = /^(licen[cs]e|copying)(\.|-|$)/i;

export async function licensesText(packageDirs) {
  const entries = new Map();
  for (const dir of packageDirs) {
    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
    const id = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? 'UNKNOWN');
    const file = (await readdir(dir)).filter((f) => LICENCE_FILE.test(f)).sort()[0];
    const text = file
      ? (await readFile(path.join(dir, file), 'utf8')).trim()
      : `(The package ships no licence file; its package.json declares ${id}.)`;
    const entry = `${pkg.name}\n${id}\n${text}`;
    // Two copies of one package with the same licence are listed once.
    entries.set(`${pkg.name}\n${entry}`, entry);
  }
  return `${[...entries.keys()]
    .sort()
    .map((key) => entries.get(key))
    .join('\n\n')}\n`;
}
