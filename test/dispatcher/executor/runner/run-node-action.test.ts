/**
 * The emulation running a small JavaScript action the way actions/runner does: inputs with
 * defaults evaluated, the step env, the working directory, post under post-if with STATE_*, and
 * the cancel timeline (SIGINT, then SIGTERM, then kill of the node process).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  runNodeAction,
  type NodeActionOptions,
} from '../../../../dispatcher/src/executor/runner/run-node-action.js';

let dir: string;
let workspace: string;

const ACTION_YML = `
name: probe
inputs:
  github-token:
    default: \${{ github.token }}
  Mixed Case Name:
    default: 'x'
  plain:
    description: no default
  joined:
    default: \${{ github.repository }}@\${{ github.ref_name }}
runs:
  using: node24
  main: main.js
  post: post.js
  POST_IF_PLACEHOLDER
`;

/** main.js writes what it saw; MODE decides how it ends. */
const MAIN_JS = `
const fs = require('node:fs');
const seen = Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(INPUT_|GITHUB_|RUNNER_|ACTIONS_|STATE_|CI$|MY_)/.test(k)));
fs.appendFileSync(process.env.GITHUB_OUTPUT, 'seen<<EOF\\n' + JSON.stringify({ env: seen, cwd: process.cwd() }) + '\\nEOF\\n');
fs.appendFileSync(process.env.GITHUB_STATE, 'token=from-main\\n');
const mode = process.env.INPUT_PLAIN;
if (mode === 'fail') process.exit(1);
if (mode === 'exit-on-sigint') {
  setInterval(() => {}, 1000);
  console.log('ready');
}
if (mode === 'ignore-sigint' || mode === 'ignore-both') {
  process.on('SIGINT', () => fs.appendFileSync(process.env.GITHUB_OUTPUT, 'got=SIGINT\\n'));
  if (mode === 'ignore-both') process.on('SIGTERM', () => fs.appendFileSync(process.env.GITHUB_OUTPUT, 'got2=SIGTERM\\n'));
  setInterval(() => {}, 1000);
  console.log('ready');
}
`;
const POST_JS = `
require('node:fs').appendFileSync(process.env.GITHUB_OUTPUT, 'state=' + process.env.STATE_token + '\\n');
`;

async function action(postIf?: string): Promise<string> {
  const actionDir = path.join(dir, `action-${Math.random().toString(36).slice(2)}`);
  await import('node:fs/promises').then((fs) => fs.mkdir(actionDir));
  await writeFile(
    path.join(actionDir, 'action.yml'),
    ACTION_YML.replace('POST_IF_PLACEHOLDER', postIf ? `post-if: ${postIf}` : ''),
  );
  await writeFile(path.join(actionDir, 'main.js'), MAIN_JS);
  await writeFile(path.join(actionDir, 'post.js'), POST_JS);
  return actionDir;
}

const options = (actionDir: string, extra: Partial<NodeActionOptions> = {}): NodeActionOptions => ({
  action: actionDir,
  contexts: {
    github: {
      token: 'ghs_t',
      workspace,
      repository: 'acme/app',
      ref_name: 'main',
      event_name: 'push',
      sha: 'abc',
    },
    runner: { temp: path.join(dir, 'temp'), tool_cache: path.join(dir, 'tc'), os: 'Linux' },
  },
  hostEnv: { PATH: process.env['PATH'] ?? '' },
  jobEnv: { MY_VAR: 'job', GITHUB_SHA: 'overridden-by-the-context' },
  actionsEnv: { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:1/token' },
  fileCommandDir: dir,
  node: process.execPath,
  ...extra,
});

const seenOf = (outputs: Record<string, string>): { env: Record<string, string>; cwd: string } =>
  JSON.parse(outputs['seen'] ?? '{}') as { env: Record<string, string>; cwd: string };

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'grape-emu-'));
  workspace = path.join(dir, 'ws');
  await import('node:fs/promises').then((fs) => fs.mkdir(workspace));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('a step given one input', () => {
  it('gets every input: defaults evaluated, the rest empty, names upper-cased with _ for spaces', async () => {
    const run = await runNodeAction(options(await action(), { with: { plain: 'given' } }));
    const { env } = seenOf(run.main.outputs);
    expect(env).toMatchObject({
      // Only spaces become `_` (Handler.cs); @actions/core reads INPUT_GITHUB-TOKEN the same way.
      'INPUT_GITHUB-TOKEN': 'ghs_t',
      INPUT_MIXED_CASE_NAME: 'x',
      INPUT_PLAIN: 'given',
      INPUT_JOINED: 'acme/app@main',
    });
    expect(run.warnings).toEqual([]);
  });

  it('gets the context env over the job env, the ACTIONS_* variables, CI and GITHUB_ACTIONS, no GITHUB_TOKEN', async () => {
    const run = await runNodeAction(options(await action()));
    const { env, cwd } = seenOf(run.main.outputs);
    expect(env).toMatchObject({
      GITHUB_SHA: 'abc',
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_WORKSPACE: workspace,
      GITHUB_EVENT_NAME: 'push',
      RUNNER_TEMP: path.join(dir, 'temp'),
      RUNNER_TOOL_CACHE: path.join(dir, 'tc'),
      ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:1/token',
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      MY_VAR: 'job',
    });
    expect(env['GITHUB_TOKEN']).toBeUndefined();
    expect(env['GITHUB_OUTPUT']).toMatch(/set_output_/);
    expect(cwd).toBe(workspace);
  });

  it('warns about a with: key action.yml does not declare, as the runner does', async () => {
    const run = await runNodeAction(options(await action(), { with: { nope: '1' } }));
    expect(run.warnings[0]).toMatch(
      /^Unexpected input\(s\) 'nope', valid inputs are \['github-token', /,
    );
  });
});

describe('the post step', () => {
  it('runs after main with STATE_* from main (post-if defaults to always())', async () => {
    const run = await runNodeAction(options(await action()));
    expect(run.post?.outputs['state']).toBe('from-main');
  });

  it('runs after a failed main under the default post-if, not under success()', async () => {
    const failed = await runNodeAction(options(await action(), { with: { plain: 'fail' } }));
    expect(failed.main.outcome).toBe('failure');
    expect(failed.post?.outcome).toBe('success');
    const guarded = await runNodeAction(
      options(await action('success()'), { with: { plain: 'fail' } }),
    );
    expect(guarded.post).toBeUndefined();
  });
});

describe('cancel', () => {
  const timeline = { sigintMs: 300, sigtermMs: 300 };

  it('sends SIGINT first, then SIGTERM, then kills, and still runs the post step', async () => {
    const abort = new AbortController();
    const run = await runNodeAction(
      options(await action(), {
        with: { plain: 'ignore-both' },
        signal: abort.signal,
        cancelTimeline: timeline,
        // Cancelled once main has its handlers in place (it prints 'ready').
        onOutput: (chunk) => chunk.toString().includes('ready') && abort.abort(),
      }),
    );
    expect(run.main.outcome).toBe('cancelled');
    expect(run.main.cancelledWith).toBe('SIGKILL');
    expect(run.main.outputs).toMatchObject({ got: 'SIGINT', got2: 'SIGTERM' });
    expect(run.post?.outputs['state']).toBe('from-main');
  });

  it('stops at SIGINT when the process exits on it', async () => {
    const abort = new AbortController();
    const run = await runNodeAction(
      options(await action(), {
        with: { plain: 'exit-on-sigint' },
        signal: abort.signal,
        cancelTimeline: timeline,
        onOutput: (chunk) => chunk.toString().includes('ready') && abort.abort(),
      }),
    );
    expect(run.main.cancelledWith).toBe('SIGINT');
  });
});
