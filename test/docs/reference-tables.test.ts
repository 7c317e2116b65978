/** The README's settings table and the operations metrics table say what the code does. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createMetrics } from '../../dispatcher/src/http/metrics.js';
import { repoRoot } from './docs-context.js';

/** Described in the README, added by the local executor in a branch merged separately. */
const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');

/** Backticked names in the first column of the markdown table that follows `heading`. */
function firstColumn(markdown: string, after: string, header: string): string[] {
  const from = markdown.indexOf(after);
  const table = markdown.slice(markdown.indexOf(header, from));
  const rows = table.split('\n').filter((l, i) => i > 1 && l.startsWith('|'));
  const end = table
    .split('\n')
    .slice(2)
    .findIndex((l) => !l.startsWith('|'));
  return rows
    .slice(0, end === -1 ? undefined : end)
    .flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
}

describe('README settings table', () => {
  // config.ts composes the settings config/ reads (one file per executor, and the reader).
  const configSource = [
    'dispatcher/src/config.ts',
    'dispatcher/src/console/console-settings.ts',
    ...readdirSync(path.join(repoRoot, 'dispatcher/src/config')).map(
      (f) => `dispatcher/src/config/${f}`,
    ),
  ]
    .map(read)
    .join('\n');
  const readByConfig = new Set(
    [...configSource.matchAll(/(?:\b(?:get|int|url)\(\s*|env\[)'([A-Z][A-Z0-9_]+)'/g)].map(
      (m) => m[1]!,
    ),
  );
  const documented = firstColumn(read('README.md'), '## The dispatcher', '| variable | default |');

  it('lists every variable dispatcher/src/config.ts (and config/) reads', () => {
    expect([...readByConfig].filter((v) => !documented.includes(v))).toEqual([]);
  });

  it('lists only variables the configuration reads', () => {
    expect(documented.filter((v) => !readByConfig.has(v))).toEqual([]);
  });
});

describe('docs/operations.md metrics table', () => {
  it('names exactly the metrics the dispatcher exports', async () => {
    const metrics = createMetrics(async () => ({ queued: 0 }));
    const exported = (await metrics.registry.getMetricsAsJSON()).map((m) => m.name).sort();
    const documented = firstColumn(
      read('docs/operations.md'),
      '## Health and metrics',
      '| metric |',
    ).sort();
    expect(documented).toEqual(exported);
  });
});
