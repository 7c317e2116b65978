/**
 * The local executor: runs the bundled action (dist/index.js) in a child process exactly as the
 * GitHub Actions runner would — the signed spec as the `spec` input, INPUT_* variables, the
 * GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE / GITHUB_STEP_SUMMARY files, a fresh workspace holding
 * the project's module — with the operator's ambient AWS credentials instead of OIDC. Its outcome
 * reaches the deployment through the action's `report` output and the same report logic as a
 * GitHub run's. Runs live in this process: a restart ends them (reported as failed).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RunReport } from '../../../src/contract/run-report.js';
import { verifySpec } from '../../../src/contract/verify-spec.js';
import type { LocalSettings } from '../config.js';
import type { Deployment } from '../store/records.js';
import type { DispatchRequest, Executor, RunRef, RunState } from './executor.js';
import { ExecutorError } from './executor.js';
import { ensureFactsRepo } from './ensure-facts-repo.js';
import { parseRunnerFile, runnerEnv } from './runner-env.js';

/** Receives a finished run's report (wired to the same logic as POST /v1/runs/report). */
export type ReportSink = (
  deployment: Deployment,
  runId: number,
  report: RunReport,
) => Promise<void>;

interface LocalRun {
  readonly deploymentId: string;
  readonly ref: RunRef;
  status: 'in_progress' | 'completed';
  conclusion: string | null;
  child: ChildProcess | undefined;
  cancelled: boolean;
}

export class LocalExecutor implements Executor {
  readonly name = 'local';
  private readonly runs = new Map<number, LocalRun>();
  /** Run ids below this belong to an earlier process: those runs ended with it. */
  private readonly firstRunId: number;
  private nextRunId: number;

  constructor(
    private readonly settings: LocalSettings,
    private readonly specPublicKeyPem: string,
    private readonly sink: () => ReportSink,
    private readonly env: NodeJS.ProcessEnv = process.env,
    clock: () => Date = () => new Date(),
  ) {
    this.firstRunId = clock().getTime();
    this.nextRunId = this.firstRunId;
  }

  async dispatch(request: DispatchRequest): Promise<{ readonly run: RunRef }> {
    const { deployment } = request;
    // Our own signature, checked as the action will check it: a spec it would refuse fails here.
    const spec = verifySpec(request.spec, {
      publicKey: this.specPublicKeyPem,
      now: Math.floor(Date.now() / 1000),
    });
    const runId = this.nextRunId++;
    const dir = path.join(this.settings.runsDir, String(runId));
    const workspace = path.join(dir, 'workspace');
    const module = path.resolve(this.settings.sourceDir, spec.source.path || '.');
    const inside = path.relative(this.settings.sourceDir, module);
    if (inside.startsWith('..') || path.isAbsolute(inside)) {
      throw new ExecutorError(
        'rejected',
        `The project's path '${spec.source.path}' leaves GRAPE_LOCAL_SOURCE_DIR.`,
      );
    }
    try {
      await mkdir(dir, { recursive: true });
      // Only the module's own files: no state or provider cache from the operator's tree.
      // At the same relative path as in the source tree: the spec's path is the action's
      // working-directory, relative to the workspace.
      await cp(module, path.join(workspace, spec.source.path || '.'), {
        recursive: true,
        filter: (src) => !/(^|\/)(\.terraform|terraform\.tfstate(\.backup)?|\.git)$/.test(src),
      });
    } catch (error) {
      throw new ExecutorError(
        'rejected',
        `Could not prepare the workspace from ${module}: ${(error as Error).message}`,
      );
    }
    const ref: RunRef = { runId, runUrl: pathToFileURL(path.join(dir, 'log.txt')).href };
    const run: LocalRun = {
      deploymentId: deployment.id,
      ref,
      status: 'in_progress',
      conclusion: null,
      child: undefined,
      cancelled: false,
    };
    this.runs.set(runId, run);

    const inputs: Record<string, string> = {
      spec: request.spec,
      'spec-public-key': this.specPublicKeyPem,
      ...(this.settings.enginePath ? { 'engine-path': this.settings.enginePath } : {}),
      // Facts follow the project's own target when it has one; else the operator's git remote.
      ...(spec.operation === 'apply' && !spec.facts
        ? { 'facts-git-url': this.settings.factsGitUrl }
        : {}),
    };
    if (inputs['facts-git-url']) await ensureFactsRepo(this.settings.factsGitUrl);
    const { env, files } = runnerEnv({ dir, workspace, runId, inputs, operatorEnv: this.env });
    await Promise.all(Object.values(files).map((file) => writeFile(file, '')));
    const log = createWriteStream(path.join(dir, 'log.txt'));
    const child = spawn(process.execPath, [this.settings.actionPath], {
      cwd: workspace,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    run.child = child;
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.on('close', (code) => {
      log.end();
      void this.finish(run, deployment, code, files.GITHUB_OUTPUT, dir);
    });
    return { run: ref };
  }

  private async finish(
    run: LocalRun,
    deployment: Deployment,
    code: number | null,
    outputFile: string,
    dir: string,
  ): Promise<void> {
    const outputs = parseRunnerFile(await readFile(outputFile, 'utf8').catch(() => ''));
    let report: RunReport | undefined;
    try {
      report = outputs['report'] ? (JSON.parse(outputs['report']) as RunReport) : undefined;
    } catch {
      report = undefined;
    }
    const log = await readFile(path.join(dir, 'log.txt'), 'utf8').catch(() => '');
    const error = /^::error(?: [^:]*)?::(.*)$/m
      .exec(log)?.[1]
      ?.replace(/%0A/g, '\n')
      .replace(/%25/g, '%');
    const failed = code !== 0;
    report ??= {
      v: 1,
      deploymentId: deployment.id,
      status: failed ? 'failed' : 'succeeded',
      ...(failed
        ? {
            error: (
              error ?? (run.cancelled ? 'cancelled' : `the action exited with code ${code}`)
            ).slice(0, 4000),
          }
        : {}),
    };
    run.status = 'completed';
    run.conclusion = run.cancelled ? 'cancelled' : failed ? 'failure' : 'success';
    run.child = undefined;
    await this.sink()(deployment, run.ref.runId, report).catch(() => undefined);
    await rm(path.join(dir, 'workspace', '.terraform'), { recursive: true, force: true }).catch(
      () => undefined,
    );
  }

  async findRun(deployment: Deployment): Promise<RunState | undefined> {
    return (await this.findRuns(deployment))[0];
  }

  async findRuns(deployment: Deployment): Promise<RunState[]> {
    return [...this.runs.values()]
      .filter((run) => run.deploymentId === deployment.id)
      .map((run) => this.state(run));
  }

  async getRun(runId: number): Promise<RunState | undefined> {
    const run = this.runs.get(runId);
    if (run) return this.state(run);
    if (runId < this.firstRunId) {
      // Started by an earlier dispatcher process, which took the run with it.
      return { runId, runUrl: '', status: 'completed', conclusion: 'failure' };
    }
    return undefined;
  }

  async cancel(runId: number): Promise<void> {
    const run = this.runs.get(runId);
    if (!run?.child) return;
    run.cancelled = true;
    // The action forwards the signal to terraform and waits for it to release the state lock.
    run.child.kill('SIGTERM');
  }

  private state(run: LocalRun): RunState {
    return { ...run.ref, status: run.status, conclusion: run.conclusion };
  }
}
