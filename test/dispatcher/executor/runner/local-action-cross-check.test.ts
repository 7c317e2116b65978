/**
 * Cross-check of the runner emulation against @github/local-action, the runner emulator GitHub
 * wrote: the same invocation (`operation: credentials`, `aws-region`) of a probe action that uses
 * the repository's action.yml and reads every input through @actions/core runs through both, and
 * the inputs the action sees and the outputs it sets must agree where their contracts overlap.
 * Where they do not overlap, the difference is asserted too: local-action returns an action.yml
 * default verbatim from its getInput stub (it does not evaluate `${{ github.token }}`; its
 * src/stubs/core/core.ts getInput), the runner evaluates it (ActionManifestManager.cs
 * EvaluateDefaultInput).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readActionManifest } from '../../../../dispatcher/src/executor/runner/action-manifest.js';
import { runNodeAction } from '../../../../dispatcher/src/executor/runner/run-node-action.js';
import { repoRoot } from '../../../harness/action-runner.js';

const localAction = path.join(repoRoot, 'node_modules/.bin/local-action');
const probeDir = path.join(repoRoot, 'test/fixtures/runner-probe');
const GIVEN = { operation: 'credentials', 'aws-region': 'eu-west-1' };

const have = existsSync(localAction);
(have ? describe : describe.skip)(
  have
    ? '@github/local-action and the runner emulation, on the same invocation'
    : '@github/local-action cross-check [skipped: @github/local-action is not installed (npm install)]',
  () => {
    let dir: string;
    let viaLocalAction: { inputs: Record<string, string>; stdout: string };
    let viaEmulation: { inputs: Record<string, string>; outputs: Record<string, string> };

    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'grape-local-action-'));
      const out = path.join(dir, 'local-action.json');
      const envFile = path.join(dir, '.env');
      await writeFile(
        envFile,
        [
          ...Object.entries(GIVEN).map(([k, v]) => `INPUT_${k.toUpperCase()}=${v}`),
          `PROBE_ACTION_YML=${path.join(repoRoot, 'action.yml')}`,
          `PROBE_OUT=${out}`,
        ].join('\n'),
      );
      const stdout = await new Promise<string>((resolve, reject) => {
        const child = spawn(
          localAction,
          ['run', repoRoot, path.join(probeDir, 'probe.mjs'), envFile],
          {
            // local-action starts `npm exec tsx`: from the repository, so npm finds the installed tsx.
            cwd: repoRoot,
            env: {
              PATH: process.env['PATH'] ?? '',
              HOME: process.env['HOME'] ?? dir,
              NO_COLOR: '1',
            },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let text = '';
        child.stdout.on('data', (c: Buffer) => (text += c.toString()));
        child.stderr.on('data', (c: Buffer) => (text += c.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), 170_000);
        child.on('close', (code) => {
          clearTimeout(timer);
          if (code === 0) resolve(text);
          else reject(new Error(`local-action exited with ${code}:\n${text}`));
        });
      });
      viaLocalAction = { inputs: JSON.parse(await readFile(out, 'utf8')), stdout };

      const emulationOut = path.join(dir, 'emulation.json');
      const run = await runNodeAction({
        action: {
          ...(await readActionManifest(repoRoot)),
          dir: probeDir,
          main: 'main.mjs',
          post: undefined,
        },
        with: GIVEN,
        contexts: {
          github: { token: 'ghs_crossCheck', workspace: dir, repository: 'acme/infra' },
          runner: { temp: dir, tool_cache: dir },
        },
        hostEnv: { PATH: process.env['PATH'] ?? '' },
        jobEnv: { PROBE_ACTION_YML: path.join(repoRoot, 'action.yml'), PROBE_OUT: emulationOut },
        fileCommandDir: dir,
        node: process.execPath,
      });
      expect(run.main.outcome).toBe('success');
      viaEmulation = {
        inputs: JSON.parse(await readFile(emulationOut, 'utf8')),
        outputs: run.main.outputs,
      };
    }, 180_000);
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('give the action the same value for every input with a literal default or a given value', () => {
      const { 'github-token': ours, ...rest } = viaEmulation.inputs;
      const { 'github-token': theirs, ...restTheirs } = viaLocalAction.inputs;
      expect(rest).toEqual(restTheirs);
      expect(rest).toMatchObject({
        operation: 'credentials',
        'facts-format': 'yaml',
        'facts-mode': 'commit',
        audience: 'sts.amazonaws.com',
      });
      expect(Object.keys(rest)).toHaveLength(Object.keys(restTheirs).length);
      // Not an overlap: the runner evaluates the expression, local-action passes it verbatim.
      expect(ours).toBe('ghs_crossCheck');
      expect(theirs).toBe('${{ github.token }}');
    });

    it('record the same outputs', () => {
      const theirs = Object.fromEntries(
        [...viaLocalAction.stdout.matchAll(/^::set-output name=([\w-]+)::(.*)$/gm)].map((m) => [
          m[1],
          m[2],
        ]),
      );
      expect(theirs).toMatchObject({
        operation: 'credentials',
        'facts-format': 'yaml',
        multi: 'line one',
      });
      expect(viaEmulation.outputs).toEqual({
        operation: 'credentials',
        'facts-format': 'yaml',
        multi: 'line one\nline two',
      });
    });
  },
);
