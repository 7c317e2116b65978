/**
 * The local executor: runs the bundled action through the runner emulation the tests use
 * (runner/run-node-action.ts: every action.yml default materialised, the github/runner context env,
 * the file commands, main then post under post-if, the runner's cancel timeline) — the signed spec
 * as the `spec` input, a fresh workspace holding the project's module — with the operator's ambient
 * AWS credentials instead of OIDC. Its outcome reaches the deployment through the action's `report`
 * output and the same report logic as a GitHub run's. Runs live in this process: a restart ends
 * them (reported as failed).
 */
import { cp, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RunReport } from '../../../contract/run-report.js';
import {
  ModulePathError,
  relativeModulePath,
  resolveModuleDirectory,
} from '../../../contract/module-path.js';
import { verifySpec } from '../../../contract/verify-spec.js';
import type { LocalSettings } from '../config.js';
import type { Deployment } from '../store/records.js';
import type { DispatchRequest, Executor, RunRef, RunState } from './executor.js';
import { ExecutorError } from './executor.js';
import type { RunLogWriter } from '../logs/run-log-writer.js';
import { openBoundedLog } from './bounded-log.js';
import { ensureFactsRepo } from './ensure-facts-repo.js';
import { localStateInputs } from './local-state.js';
import { readActionManifest } from './runner/action-manifest.js';
import { runNodeAction, type NodeActionRun } from './runner/run-node-action.js';
import { localRunContexts } from './local-run-contexts.js';
import { localRunReport } from './local-run-report.js';
import { redactHostPaths, type HostRoot } from './redact-host-paths.js';

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
  /** Aborting it cancels the run with the runner's SIGINT → SIGTERM → kill timeline. */
  readonly abort: AbortController;
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
    /** Streams a run's output, masked, to where `grape logs -f` reads it (the store). */
    private readonly openRunLog?: (deploymentId: string) => RunLogWriter,
  ) {
    this.firstRunId = clock().getTime();
    this.nextRunId = this.firstRunId;
  }

  async dispatch(request: DispatchRequest): Promise<{ readonly run: RunRef }> {
    const { deployment } = request;
    // Our own signature, checked as the action will check it: a spec it would refuse fails here.
    const spec = await verifySpec(request.spec, {
      publicKey: this.specPublicKeyPem,
      now: Math.floor(Date.now() / 1000),
    });
    const runId = this.nextRunId++;
    const dir = path.join(this.settings.runsDir, String(runId));
    const workspace = path.join(dir, 'workspace');
    let module: string;
    try {
      module = await resolveModuleDirectory(this.settings.sourceDir, spec.source.path);
    } catch (error) {
      if (!(error instanceof ModulePathError)) throw error;
      throw new ExecutorError(
        'rejected',
        `The project's path '${spec.source.path}' ${error.problem} (GRAPE_LOCAL_SOURCE_DIR ${this.settings.sourceDir}).`,
      );
    }
    const modulePath = relativeModulePath(this.settings.sourceDir, module);
    try {
      await mkdir(dir, { recursive: true });
      // Only the module's own files: no state or provider cache from the operator's tree.
      // At the same relative path as in the source tree: the spec's path is the action's
      // working-directory, relative to the workspace.
      await cp(module, path.join(workspace, modulePath), {
        recursive: true,
        filter: (src) => !/(^|\/)(\.terraform|terraform\.tfstate(\.backup)?|\.git)$/.test(src),
      });
    } catch (error) {
      throw new ExecutorError(
        'rejected',
        this.redact(
          `Could not prepare the workspace from ${module}: ${(error as Error).message}`,
          workspace,
        ),
      );
    }
    // State and saved plans kept under the data dir, for projects without a backend of their own.
    const kept = await localStateInputs(this.settings, spec, path.join(workspace, modulePath));
    const ref: RunRef = { runId, runUrl: pathToFileURL(path.join(dir, 'log.txt')).href };
    const run: LocalRun = {
      deploymentId: deployment.id,
      ref,
      status: 'in_progress',
      conclusion: null,
      abort: new AbortController(),
      cancelled: false,
    };
    this.runs.set(runId, run);

    const inputs: Record<string, string> = {
      spec: request.spec,
      'spec-public-key': this.specPublicKeyPem,
      ...(this.settings.enginePath ? { 'engine-path': this.settings.enginePath } : {}),
      ...kept,
      // Facts follow the project's own target when it has one; else the operator's git remote.
      ...(spec.operation !== 'plan' && !spec.facts
        ? { 'facts-git-url': this.settings.factsGitUrl }
        : {}),
    };
    if (inputs['facts-git-url']) await ensureFactsRepo(this.settings.factsGitUrl);
    // GRAPE_LOCAL_ACTION names the main script (dist/index.js); action.yml is one folder up.
    const manifest = await readActionManifest(
      path.resolve(path.dirname(this.settings.actionPath), '..'),
    ).catch((error: Error) => {
      throw new ExecutorError('rejected', `GRAPE_LOCAL_ACTION: ${error.message}`);
    });
    const { contexts, hostEnv } = localRunContexts({
      dir,
      workspace,
      runId,
      // The workspace holds the project's own files, as a checkout of its repository would: the
      // action takes the module from there instead of cloning the repository from GitHub.
      repository: spec.source.repository,
      operatorEnv: this.env,
    });
    await mkdir(String(contexts.runner.temp), { recursive: true });
    const log = openBoundedLog(path.join(dir, 'log.txt'));
    const stream = this.openRunLog?.(deployment.id);
    void runNodeAction({
      action: { ...manifest, main: path.relative(manifest.dir, this.settings.actionPath) },
      with: inputs,
      contexts,
      hostEnv,
      fileCommandDir: dir,
      node: process.execPath,
      signal: run.abort.signal,
      onOutput: (chunk) => {
        log.write(chunk);
        stream?.write(chunk);
      },
    })
      .catch((error: Error) => error)
      .then(async (result) => {
        await log.end().catch(() => undefined);
        await stream?.end().catch(() => undefined);
        await this.finish(run, deployment, result, dir);
      });
    return { run: ref };
  }

  private async finish(
    run: LocalRun,
    deployment: Deployment,
    result: NodeActionRun | Error,
    dir: string,
  ): Promise<void> {
    const log = await readFile(path.join(dir, 'log.txt'), 'utf8').catch(() => '');
    const { report, failed } = localRunReport(deployment, result, log, run.cancelled);
    const redacted =
      report.error === undefined
        ? report
        : { ...report, error: this.redact(report.error, path.join(dir, 'workspace')) };
    run.status = 'completed';
    run.conclusion = run.cancelled ? 'cancelled' : failed ? 'failure' : 'success';
    await this.sink()(deployment, run.ref.runId, redacted).catch(() => undefined);
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
    if (!run || run.status === 'completed') return;
    run.cancelled = true;
    // As a runner cancels: SIGINT, 7.5 s, SIGTERM, 2.5 s, kill; then the post step (always()).
    run.abort.abort();
  }

  async readLog(runId: number): Promise<string | undefined> {
    return readFile(path.join(this.settings.runsDir, String(runId), 'log.txt'), 'utf8').catch(
      () => undefined,
    );
  }

  /** Server paths out of a reason every viewer of the deployment reads. */
  private redact(text: string, workspace: string): string {
    const roots: HostRoot[] = [
      { dir: workspace, label: '<workspace>' },
      { dir: this.settings.sourceDir, label: '<source>' },
      { dir: this.settings.runsDir, label: '<runs>' },
      ...(this.env['HOME'] ? [{ dir: this.env['HOME'], label: '~' }] : []),
    ];
    return redactHostPaths(text, roots);
  }

  private state(run: LocalRun): RunState {
    return { ...run.ref, status: run.status, conclusion: run.conclusion };
  }
}
