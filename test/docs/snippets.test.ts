/**
 * Every fenced block of README.md and docs/*.md is checked for real (see check-snippet.ts), in
 * document order: `grape` admin commands share one database, as a reader following the README
 * would. Marked blocks are listed with their reason, never silently passed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkSnippet } from './check-snippet.js';
import {
  buildCli,
  createDocsContext,
  documentFiles,
  repoRoot,
  type DocsContext,
} from './docs-context.js';
import { extractSnippets, type Snippet } from './markdown-snippets.js';

const snippets: Snippet[] = documentFiles().flatMap((file) =>
  extractSnippets(readFileSync(path.join(repoRoot, file), 'utf8'), file),
);
const title = (s: Snippet) => `${s.file}:${s.line} \`\`\`${s.lang || 'text'}`;

let ctx: DocsContext | undefined;
const ran: string[] = [];
beforeAll(async () => {
  await buildCli();
  ctx = await createDocsContext();
}, 300_000);
afterAll(async () => {
  await ctx?.close();
  process.stdout.write(
    `\nDocumented commands run for real:\n${ran.map((r) => `  ${r}`).join('\n')}\n`,
  );
});

it('finds the blocks of README.md and every document under docs/', () => {
  expect(snippets.length).toBeGreaterThan(20);
  expect(new Set(snippets.map((s) => s.file))).toEqual(
    new Set(documentFiles().filter((f) => snippets.some((s) => s.file === f))),
  );
});

it('lists every block that is not run, with its reason', () => {
  const marked = snippets.filter((s) => s.marker);
  process.stdout.write(
    `\nDocumentation blocks not checked, and why:\n${marked
      .map((s) => `  ${title(s)}  [${s.marker!.kind}] ${s.marker!.reason ?? ''}`)
      .join('\n')}\n`,
  );
  expect(
    marked.filter((s) => s.marker!.kind === 'not-run' && s.marker!.reason === undefined).map(title),
  ).toEqual([]);
});

describe('documentation blocks', () => {
  for (const snippet of snippets) {
    if (snippet.marker?.kind === 'not-run') {
      it.skip(`${title(snippet)} [not-run: ${snippet.marker.reason ?? 'no reason given'}]`, () =>
        undefined);
      continue;
    }
    if (snippet.marker?.kind === 'pending-local-executor') {
      it.skip(`${title(snippet)} [pending-local-executor${snippet.marker.reason ? `: ${snippet.marker.reason}` : ''}]`, () =>
        undefined);
      continue;
    }
    it(`${title(snippet)} checks out`, async () => {
      const verdict = await checkSnippet(snippet, ctx!);
      ran.push(...verdict.ran.map((r) => `${title(snippet)}: ${r}`));
      expect(verdict.problems).toEqual([]);
    }, 120_000);
  }
});
