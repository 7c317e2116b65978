/**
 * One checker per kind of fenced block. Each returns the problems it found (empty = good) and
 * what it ran for real; nothing is accepted unchecked: a block no checker knows is a problem until
 * it is marked `<!-- snippet: not-run (reason) -->`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { checkShell, type ShellContext } from './check-shell.js';
import type { Snippet } from './markdown-snippets.js';

export interface SnippetContext extends ShellContext {
  /** actionlint findings for a workflow document. */
  actionlint(source: string, fileName: string): Promise<string[]>;
  /** Problems of an InfraFacts document against schemas/infra-facts.schema.json. */
  validateFacts(doc: unknown): string[];
  /** Inputs of action.yml. */
  readonly actionInputs: ReadonlySet<string>;
  /** The deployment statuses (dispatcher/src/store/records.ts). */
  readonly statuses: readonly string[];
  /** The terraform binary for `terraform fmt`. */
  readonly terraform: string;
}

export interface Verdict {
  readonly problems: string[];
  readonly ran: string[];
}

export async function checkSnippet(snippet: Snippet, ctx: SnippetContext): Promise<Verdict> {
  if (snippet.badMarker !== undefined)
    return {
      problems: [
        `unknown marker ${snippet.badMarker}: use '<!-- snippet: not-run (reason) -->' or '<!-- snippet: pending-local-executor -->'`,
      ],
      ran: [],
    };
  const checked = (problems: string[]): Verdict => ({ problems, ran: [] });
  switch (snippet.lang) {
    case 'sh':
    case 'bash':
    case 'shell':
      return checkShell(snippet.code, ctx);
    case 'yaml':
    case 'yml':
      return checked(await checkYaml(snippet.code, ctx));
    case 'json':
      return checked(checkJson(snippet.code, ctx));
    case 'hcl':
    case 'terraform':
    case 'tf':
      return checked(checkHcl(snippet.code, ctx));
    case 'mermaid':
      return checked(checkMermaid(snippet.code, ctx));
    case 'text':
    case '':
      return checked(
        isTree(snippet.code)
          ? checkTree(snippet.code, ctx.repoRoot)
          : [
              "a plain block with no check: write it as a checkable language, or mark it '<!-- snippet: not-run (reason) -->'",
            ],
      );
    default:
      return checked([`no checker for \`\`\`${snippet.lang} blocks: mark it not-run (reason)`]);
  }
}

// ---- YAML and JSON --------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isObject = (v: unknown): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

async function checkYaml(code: string, ctx: SnippetContext): Promise<string[]> {
  const docs = YAML.parseAllDocuments(code);
  const problems = docs.flatMap((d) => d.errors.map((e) => `YAML: ${e.message.split('\n')[0]}`));
  if (problems.length > 0) return problems;
  for (const doc of docs) {
    const value = doc.toJS() as unknown;
    problems.push(...checkGrapeSteps(value, ctx), ...checkFactsDocument(value, ctx));
    if (isObject(value) && 'jobs' in value && ('on' in value || 'true' in value)) {
      problems.push(...(await ctx.actionlint(code, 'snippet.yml')).map((p) => `actionlint: ${p}`));
      continue;
    }
    const steps = Array.isArray(value)
      ? value
      : isObject(value) && Array.isArray(value['steps'])
        ? value['steps']
        : undefined;
    if (steps && steps.every((s) => isObject(s) && ('uses' in s || 'run' in s))) {
      // A fragment of a job: lint it inside a minimal workflow; references to steps, inputs or
      // matrix values defined outside the fragment are expected to be unknown.
      const job: Record<string, unknown> = { 'runs-on': 'ubuntu-24.04', steps };
      if (isObject(value) && value['permissions']) job['permissions'] = value['permissions'];
      const workflow = YAML.stringify({ on: 'workflow_dispatch', jobs: { snippet: job } });
      problems.push(
        ...(await ctx.actionlint(workflow, 'snippet.yml'))
          .filter((p) => !/is not defined in object type/.test(p))
          .map((p) => `actionlint (as a job): ${p}`),
      );
    }
  }
  return problems;
}

function checkJson(code: string, ctx: SnippetContext): string[] {
  let value: unknown;
  try {
    value = JSON.parse(code);
  } catch (error) {
    return [`JSON: ${(error as Error).message}`];
  }
  return checkFactsDocument(value, ctx);
}

function checkFactsDocument(value: unknown, ctx: SnippetContext): string[] {
  if (!isObject(value) || value['kind'] !== 'InfraFacts') return [];
  return ctx.validateFacts(value).map((p) => `InfraFacts schema: ${p}`);
}

/** `uses: grape/deploy@…` steps give only inputs action.yml declares. */
function checkGrapeSteps(value: unknown, ctx: SnippetContext): string[] {
  const problems: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isObject(v)) {
      const uses = v['uses'];
      if (typeof uses === 'string' && /^grape\/deploy@/.test(uses) && isObject(v['with']))
        for (const key of Object.keys(v['with']))
          if (!ctx.actionInputs.has(key)) problems.push(`grape/deploy has no input '${key}'`);
      Object.values(v).forEach(visit);
    }
  };
  visit(value);
  return problems;
}

// ---- HCL ------------------------------------------------------------------------------------

function checkHcl(code: string, ctx: SnippetContext): string[] {
  const source = `${code.trimEnd()}\n`;
  const result = spawnSync(ctx.terraform, ['fmt', '-no-color', '-'], {
    input: source,
    encoding: 'utf8',
    env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1' },
  });
  if (result.error) return [`terraform fmt could not run: ${result.error.message}`];
  if (result.status !== 0) return [`terraform fmt: ${result.stderr.trim()}`];
  if (result.stdout === source) return [];
  const want = result.stdout.split('\n');
  const line = source.split('\n').findIndex((l, i) => l !== want[i]);
  return [`not formatted as \`terraform fmt\` writes it (line ${line + 1}: '${want[line] ?? ''}')`];
}

// ---- Mermaid --------------------------------------------------------------------------------

const DIAGRAMS = [
  'flowchart',
  'graph',
  'sequenceDiagram',
  'stateDiagram',
  'stateDiagram-v2',
  'classDiagram',
  'erDiagram',
  'gantt',
  'pie',
  'journey',
  'gitGraph',
  'mindmap',
  'timeline',
];

function checkMermaid(code: string, ctx: SnippetContext): string[] {
  const lines = code
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('%%'));
  const type = lines[0]?.split(/\s/)[0] ?? '';
  if (!DIAGRAMS.includes(type))
    return [`unknown diagram type '${type}' (known: ${DIAGRAMS.join(', ')})`];
  if (lines.length < 2) return ['the diagram is empty'];
  const problems: string[] = [];
  if (type.startsWith('flowchart') || type === 'graph') {
    const opened = lines.filter((l) => /^subgraph\b/.test(l)).length;
    const closed = lines.filter((l) => l === 'end').length;
    if (opened !== closed) problems.push(`${opened} subgraph(s) but ${closed} 'end'`);
    if (!lines.slice(1).some((l) => /-->|-\.->|==>|---/.test(l))) problems.push('no edge');
  }
  if (type.startsWith('stateDiagram')) problems.push(...checkStates(lines.slice(1), ctx.statuses));
  return problems;
}

/** A state diagram in these docs draws deployment statuses: all of them, and nothing else. */
function checkStates(lines: readonly string[], statuses: readonly string[]): string[] {
  const alias = new Map<string, string>();
  for (const l of lines) {
    const m = /^state\s+"([^"]+)"\s+as\s+(\S+)/.exec(l);
    if (m) alias.set(m[2]!, m[1]!);
  }
  const drawn = new Set<string>();
  for (const l of lines) {
    const m = /^(\S+)\s*-->\s*([^\s:]+)/.exec(l);
    if (!m) continue;
    for (const id of [m[1]!, m[2]!]) if (id !== '[*]') drawn.add(alias.get(id) ?? id);
  }
  return [
    ...[...drawn]
      .filter((s) => !statuses.includes(s))
      .map((s) => `'${s}' is not a deployment status`),
    ...statuses.filter((s) => !drawn.has(s)).map((s) => `the status '${s}' is not drawn`),
  ];
}

// ---- Folder trees ---------------------------------------------------------------------------

const isTree = (code: string): boolean => /[├└]── /.test(code);

/** Every entry of a `tree`-style listing exists, at the place the indentation says. */
function checkTree(code: string, root: string): string[] {
  const problems: string[] = [];
  const parents: string[] = [];
  for (const line of code.split('\n')) {
    const m = /^((?:│ {3}| {4})*)[├└]── (\S+)/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    parents.length = depth;
    const name = m[2]!.replace(/\/$/, '');
    const relative = path.join(...parents, name);
    if (!existsSync(path.join(root, relative))) problems.push(`${relative} does not exist`);
    parents.push(name);
  }
  if (problems.length === 0 && parents.length === 0 && !/[├└]/.test(code))
    problems.push('no entries');
  return problems;
}
