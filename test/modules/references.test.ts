/**
 * What `terraform validate` would check first, without the providers it needs and that these
 * tests cannot download: every `var.`, `local.`, resource, data source and ephemeral resource a
 * module's files refer to is declared in the module. A misspelt reference would otherwise surface
 * only at a user's first plan.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { moduleNames, modulesDir, parseDir, type Block } from './module-files.js';

const PROVIDER_PREFIX = '(?:aws|google|azurerm|azuread|random)_[a-z0-9_]+';
const ADDRESS = new RegExp(
  `(?<![\\w."])((?:data\\.|ephemeral\\.)?${PROVIDER_PREFIX}\\.[a-z0-9_]+)`,
  'g',
);

/** `type.name` addresses of one kind of block, with the prefix Terraform refers to them by. */
const addresses = (blocks: Record<string, Block[]> | undefined, prefix: string): string[] =>
  Object.entries(blocks ?? {}).flatMap(([type, bodies]) =>
    bodies.flatMap((body) => Object.keys(body).map((name) => `${prefix}${type}.${name}`)),
  );

describe.each(moduleNames)('modules/%s references', (name) => {
  const dir = path.join(modulesDir, name);
  // Comments may name what they please.
  const text = readdirSync(dir)
    .filter((f) => f.endsWith('.tf'))
    .map((f) => readFileSync(path.join(dir, f), 'utf8').replace(/^\s*#.*$/gm, ''))
    .join('\n');
  const used = (pattern: RegExp): string[] =>
    [...new Set([...text.matchAll(pattern)].map((m) => m[1]!))].sort();

  it('refers only to variables and locals it declares', async () => {
    const parsed = await parseDir(dir);
    const locals = new Set((parsed['locals']?.['_'] ?? []).flatMap((b) => Object.keys(b)));
    const variables = new Set(Object.keys(parsed['variable'] ?? {}));
    expect(used(/\blocal\.([a-z0-9_]+)/g).filter((l) => !locals.has(l))).toEqual([]);
    expect(used(/\bvar\.([a-z0-9_]+)/g).filter((v) => !variables.has(v))).toEqual([]);
  });

  it('refers only to resources, data sources and ephemeral resources it declares', async () => {
    const parsed = await parseDir(dir);
    const declared = new Set([
      ...addresses(parsed['resource'], ''),
      ...addresses(parsed['data'], 'data.'),
      ...addresses(parsed['ephemeral'], 'ephemeral.'),
    ]);
    expect(used(ADDRESS).filter((a) => !declared.has(a))).toEqual([]);
  });
});
