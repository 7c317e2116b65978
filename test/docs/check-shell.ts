/**
 * Checks every command of a ```sh block: npm scripts exist, files exist, `grape` subcommands and
 * flags exist (from the real `--help`), variables set are ones the code reads, HTTP routes exist in
 * the served OpenAPI document (and JSON bodies validate), `gh` commands name real workflow inputs.
 * Safe, fast commands also run for real.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseShell, splitAssignments, type ShellCommand } from './shell-words.js';

export interface ApiRoute {
  readonly requestSchema: object | undefined;
  readonly responseSchema: object | undefined;
}

export interface RunResult {
  readonly code: number;
  readonly output: string;
}

export interface ShellContext {
  readonly repoRoot: string;
  readonly scripts: Readonly<Record<string, string>>;
  /** Environment variables the dispatcher's configuration and CLI read. */
  readonly envNames: ReadonlySet<string>;
  /** `grape <path…> --help`; undefined when there is no such command. */
  grapeHelp(commandPath: readonly string[]): Promise<string | undefined>;
  /** The route serving `method path`, from /openapi.json. */
  findRoute(method: string, urlPath: string): ApiRoute | undefined;
  /** Problems of `body` against a request schema. */
  validateBody(schema: object, body: unknown): string[];
  /** Workflow files by base name (workflows/**, .github/workflows), parsed. */
  readonly workflows: ReadonlyMap<string, { readonly text: string; readonly doc: unknown }>;
  /** Runs safe commands for real; absent → structural checks only. */
  readonly runner?:
    | {
        exec(argv: readonly string[]): Promise<RunResult>;
        grape(args: readonly string[], env: Readonly<Record<string, string>>): Promise<RunResult>;
      }
    | undefined;
}

export interface ShellVerdict {
  readonly problems: string[];
  /** Commands run for real. */
  readonly ran: string[];
}

/** `grape` commands that change only the database they are given: run in-process for real. */
const RUN_GRAPE = new Set([
  'tenant create',
  'tenant list',
  'project create',
  'token create',
  'audit verify',
]);
/** `node <file> <args>` run for real (read-only, fast). */
const RUN_NODE = new Set(['scripts/action-docs.mjs --check']);
/** Helpers that only produce or filter values inside a checked command. */
const UTILITIES = new Set(['cat', 'uuidgen', 'openssl', 'date', 'jq']);
const NPM_BUILTIN_SCRIPTS = new Set(['start', 'test', 'stop', 'restart']);

export async function checkShell(code: string, ctx: ShellContext): Promise<ShellVerdict> {
  const verdict: ShellVerdict = { problems: [], ran: [] };
  let commands: ShellCommand[];
  try {
    commands = parseShell(code);
  } catch (error) {
    return { problems: [`does not parse as shell: ${(error as Error).message}`], ran: [] };
  }
  if (commands.length === 0) verdict.problems.push('the block holds no command');
  for (const command of commands) await checkCommand(command, ctx, verdict);
  return verdict;
}

async function checkCommand(
  command: ShellCommand,
  ctx: ShellContext,
  verdict: ShellVerdict,
): Promise<void> {
  const problem = (text: string) => verdict.problems.push(`\`${command.source}\`: ${text}`);
  for (const word of command.words)
    for (const inner of word.substitutions) {
      const nested = await checkShell(inner, { ...ctx, runner: undefined });
      verdict.problems.push(...nested.problems.map((p) => `in $(${inner}): ${p}`));
    }
  const { assignments, argv } = splitAssignments(command);
  const args = argv.map((w) => w.text);
  const [name, ...rest] = args;
  const unknownVars = (alsoReadBy?: string) =>
    [...assignments.keys()].filter(
      (v) => !ctx.envNames.has(v) && !(alsoReadBy !== undefined && alsoReadBy.includes(v)),
    );

  if (name === undefined) {
    for (const v of unknownVars())
      problem(`sets ${v}, which neither dispatcher/src/config.ts nor the CLI reads`);
    return;
  }
  switch (name) {
    case 'npm':
      for (const v of unknownVars()) problem(`sets ${v}, which the dispatcher does not read`);
      return checkNpm(rest, ctx, problem);
    case 'node':
    case 'grape': {
      const file = name === 'grape' ? 'bin/grape.js' : nodeFile(rest, ctx, problem);
      if (file === undefined) return;
      const fileArgs = name === 'grape' ? rest : rest.slice(rest.indexOf(file) + 1);
      if (file === 'bin/grape.js') {
        for (const v of unknownVars())
          problem(`sets ${v}, which neither dispatcher/src/config.ts nor the CLI reads`);
        return checkGrape(fileArgs, Object.fromEntries(assignments), ctx, verdict, problem);
      }
      const source = readFileSync(path.join(ctx.repoRoot, file), 'utf8');
      for (const v of unknownVars(source))
        problem(`sets ${v}, which neither the dispatcher nor ${file} reads`);
      for (const flag of fileArgs.filter((a) => a.startsWith('--')))
        if (!source.includes(flag.split('=')[0]!)) problem(`${file} knows no ${flag}`);
      const line = [file, ...fileArgs].join(' ');
      if (ctx.runner && RUN_NODE.has(line)) {
        const result = await ctx.runner.exec(['node', file, ...fileArgs]);
        verdict.ran.push(`node ${line}`);
        if (result.code !== 0) problem(`exited ${result.code}: ${result.output.trim()}`);
      }
      return;
    }
    case 'curl':
      for (const v of unknownVars()) problem(`sets ${v}, which the dispatcher does not read`);
      return checkCurl(rest, ctx, problem);
    case 'gh':
      return checkGh(rest, ctx, problem);
    default:
      if (UTILITIES.has(name)) return checkUtility(command, args, ctx, problem);
      problem(`no check knows the command '${name}': check it, or mark the block not-run (reason)`);
  }
}

function checkNpm(args: readonly string[], ctx: ShellContext, problem: (t: string) => void): void {
  const [sub, ...rest] = args;
  if (sub === 'ci' || sub === 'install') {
    if (!existsSync(path.join(ctx.repoRoot, 'package-lock.json'))) problem('no package-lock.json');
    return;
  }
  const script = sub === 'run' || sub === 'run-script' ? rest.shift() : sub;
  if (script === undefined || (sub !== 'run' && !NPM_BUILTIN_SCRIPTS.has(script))) {
    problem(`'npm ${sub ?? ''}' is not a script run`);
    return;
  }
  if (ctx.scripts[script] === undefined) problem(`package.json has no script '${script}'`);
  const dashes = rest.indexOf('--');
  for (const arg of dashes === -1 ? [] : rest.slice(dashes + 1))
    if (!arg.startsWith('-') && !existsSync(path.join(ctx.repoRoot, arg)))
      problem(`the path '${arg}' does not exist`);
}

/** The script a `node` command runs (its options' files checked on the way). */
function nodeFile(
  args: readonly string[],
  ctx: ShellContext,
  problem: (t: string) => void,
): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--import' || arg === '--require' || arg === '-r') {
      const file = args[++i];
      if (file === undefined || !existsSync(path.join(ctx.repoRoot, file)))
        problem(`${arg} ${file ?? ''}: no such file`);
    } else if (arg.startsWith('-')) continue;
    else {
      if (!existsSync(path.join(ctx.repoRoot, arg))) {
        problem(`no such file ${arg}`);
        return undefined;
      }
      return arg;
    }
  }
  problem('runs no script');
  return undefined;
}

const commandsOf = (help: string): string[] => {
  const section = /\nCommands:\n([\s\S]*?)(?:\n\n|$)/.exec(help)?.[1] ?? '';
  return section
    .split('\n')
    .filter((l) => /^ {2}\S/.test(l)) // deeper lines continue a wrapped description
    .map((l) => l.trim().split(/[\s|]/)[0] ?? '')
    .filter((c) => c !== '' && c !== 'help');
};

async function checkGrape(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  ctx: ShellContext,
  verdict: ShellVerdict,
  problem: (t: string) => void,
): Promise<void> {
  const commandPath: string[] = [];
  let help = await ctx.grapeHelp([]);
  let i = 0;
  while (help !== undefined && i < args.length && !args[i]!.startsWith('-')) {
    const commands = commandsOf(help);
    if (commands.length === 0) break;
    if (!commands.includes(args[i]!)) {
      problem(
        `grape ${[...commandPath, ''].join(' ')}has no command '${args[i]}' (it has ${commands.join(', ')})`,
      );
      return;
    }
    commandPath.push(args[i++]!);
    help = await ctx.grapeHelp(commandPath);
  }
  if (help === undefined) {
    problem(`\`grape ${commandPath.join(' ')} --help\` failed`);
    return;
  }
  if (commandsOf(help).length > 0 && !args.some((a) => a === '--help' || a === '-h')) {
    problem(`grape ${commandPath.join(' ')} needs a subcommand: ${commandsOf(help).join(', ')}`);
    return;
  }
  for (const flag of args.slice(i).filter((a) => a.startsWith('-'))) {
    const name = flag.split('=')[0]!;
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (!new RegExp(`(?:^|[\\s,])${escaped}(?=[\\s,=]|$)`, 'm').test(help))
      problem(`grape ${commandPath.join(' ')} has no option ${name}`);
  }
  if (!ctx.runner) return;
  const line = `grape ${args.join(' ')}`;
  if (args.includes('--help') || args.includes('-h')) {
    const result = await ctx.runner.exec(['node', 'bin/grape.js', ...args]);
    verdict.ran.push(line);
    if (result.code !== 0) problem(`exited ${result.code}: ${result.output.trim()}`);
  } else if (RUN_GRAPE.has(commandPath.join(' '))) {
    const result = await ctx.runner.grape(args, env);
    verdict.ran.push(line);
    if (result.code !== 0) problem(`exited ${result.code}: ${result.output.trim()}`);
  }
}

const URL_PATH = /^(?:https?:\/\/[^/\s]+|\$\{?[A-Za-z_]\w*\}?)(\/[^?#\s]*)?/;

function checkCurl(args: readonly string[], ctx: ShellContext, problem: (t: string) => void): void {
  let method: string | undefined;
  let data: string | undefined;
  const urls: string[] = [];
  const valued = new Set(['-H', '--header', '-o', '--output', '-u', '--user', '-w', '--write-out']);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-X' || arg === '--request') method = args[++i];
    else if (['-d', '--data', '--data-raw', '--data-binary'].includes(arg)) data = args[++i];
    else if (valued.has(arg)) i++;
    else if (!arg.startsWith('-')) urls.push(arg);
  }
  if (urls.length !== 1) {
    problem(`expected one URL, found ${urls.length}`);
    return;
  }
  const urlPath = URL_PATH.exec(urls[0]!)?.[1];
  if (urlPath === undefined) {
    problem(`cannot read the path of ${urls[0]}`);
    return;
  }
  const verb = (method ?? (data === undefined ? 'GET' : 'POST')).toUpperCase();
  const route = ctx.findRoute(verb, urlPath);
  if (!route) {
    problem(`the dispatcher serves no ${verb} ${urlPath} (not in /openapi.json)`);
    return;
  }
  if (data === undefined) return;
  let body: unknown;
  try {
    body = JSON.parse(data);
  } catch {
    problem(`the body is not JSON: ${data}`);
    return;
  }
  if (!route.requestSchema) problem(`${verb} ${urlPath} takes no JSON body`);
  else
    for (const p of ctx.validateBody(route.requestSchema, body))
      problem(`the body does not fit ${verb} ${urlPath}: ${p}`);
}

function checkUtility(
  command: ShellCommand,
  args: readonly string[],
  ctx: ShellContext,
  problem: (t: string) => void,
): void {
  if (args[0] !== 'jq' || command.pipedFrom === undefined) return;
  // `curl … | jq -r .field`: the field is in the route's response.
  const field = /^\.([A-Za-z_]\w*)$/.exec(args.at(-1) ?? '')?.[1];
  const upstream = splitAssignments(command.pipedFrom).argv.map((w) => w.text);
  if (field === undefined || upstream[0] !== 'curl') return;
  const url = upstream.find((a) => URL_PATH.test(a));
  const urlPath = url === undefined ? undefined : URL_PATH.exec(url)?.[1];
  const route = urlPath === undefined ? undefined : ctx.findRoute('GET', urlPath);
  const properties = (route?.responseSchema as { properties?: Record<string, unknown> } | undefined)
    ?.properties;
  if (properties && !(field in properties))
    problem(`the response of GET ${urlPath} has no field '${field}'`);
}

function checkGh(args: readonly string[], ctx: ShellContext, problem: (t: string) => void): void {
  const [group, verb, target, ...rest] = args;
  if (group === 'workflow' && verb === 'run' && target !== undefined) {
    const workflow = ctx.workflows.get(target);
    if (!workflow) {
      problem(`no workflow file named ${target} in workflows/ or .github/workflows/`);
      return;
    }
    const doc = workflow.doc as {
      on?: { workflow_dispatch?: { inputs?: Record<string, { required?: boolean }> } };
    };
    const dispatch = doc.on?.workflow_dispatch;
    if (dispatch === undefined) {
      problem(`${target} has no workflow_dispatch trigger`);
      return;
    }
    const inputs = dispatch.inputs ?? {};
    const given = new Set<string>();
    for (let i = 0; i < rest.length; i++)
      if (['-f', '-F', '--field', '--raw-field'].includes(rest[i]!)) {
        const key = rest[++i]?.split('=')[0] ?? '';
        given.add(key);
        if (!(key in inputs))
          problem(`${target} has no input '${key}' (it has ${Object.keys(inputs).join(', ')})`);
      }
    for (const [key, input] of Object.entries(inputs))
      if (
        input?.required === true &&
        !given.has(key) &&
        (input as { default?: unknown }).default === undefined
      )
        problem(`${target} requires the input '${key}'`);
    return;
  }
  if (group === 'variable' && verb === 'set' && target !== undefined) {
    if (![...ctx.workflows.values()].some((w) => w.text.includes(`vars.${target}`)))
      problem(`no workflow reads vars.${target}`);
    return;
  }
  problem(`no check knows 'gh ${group ?? ''} ${verb ?? ''}'`);
}
