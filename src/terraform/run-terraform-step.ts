/**
 * The terraform step as main.ts calls it: a verified engine binary (engine/), then init, plan and
 * apply (run-terraform.ts) with the identity step's session. Returns what later steps (facts,
 * report) need.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import * as toolCache from '@actions/tool-cache';
import {
  ModulePathError,
  relativeModulePath,
  resolveModuleDirectory,
} from '../../contract/module-path.js';
import type { Config } from '../config/config.js';
import { GrapeError } from '../errors.js';
import type { AwsSession } from '../identity/obtain-credentials.js';
import type { ActionsIO } from '../runner/actions-io.js';
import { proxyFetch } from '../runner/proxy.js';
import { makeRunTempDir } from '../runner/temp-paths.js';
import type { PlanSummary } from './plan-json/plan-summary.js';
import type { SignalSource } from '../engine/run-command.js';
import { runTerraform, type TerraformDeps } from './run-terraform.js';
import { spawnProcess, type Spawn } from '../process/spawn-process.js';
import type { Fetch } from '../engine/download-verified.js';
import type { EngineName } from '../config/engine-config.js';
import { installEngine, type ToolCache } from '../engine/install-engine.js';
import { currentPlatform } from '../engine/release-layout.js';
import { readdir, readFile } from 'node:fs/promises';
import { sayingStill } from '../lib/still-waiting.js';

export interface TerraformStepDeps {
  readonly io: ActionsIO;
  readonly env: NodeJS.ProcessEnv;
  readonly fetch?: Fetch;
  readonly spawn?: Spawn;
  readonly toolCache?: ToolCache;
  readonly signals?: SignalSource;
  /** How long a cancelled engine may take to stop and release its lock. */
  readonly cancelGraceMs?: number;
  readonly objectStore?: TerraformDeps['objectStore'];
}

export interface TerraformStepResult {
  readonly engine: { readonly name: EngineName; readonly version: string };
  readonly binaryPath: string;
  readonly planSummary: PlanSummary;
  readonly planSha256: string;
  readonly planId: string | undefined;
  readonly applied: boolean;
  /** `terraform output -json`, verbatim (sensitive values included: redact before use). */
  readonly outputsJson: string;
}

const defaultObjectStore: TerraformDeps['objectStore'] = async (session, store) =>
  store.kind === 'file'
    ? (await import('./file-object-store.js')).createFileObjectStore()
    : (await import('./s3-object-store.js')).createS3ObjectStore(session, process.env);

export async function runTerraformStep(
  config: Config,
  session: AwsSession,
  deps: TerraformStepDeps,
): Promise<TerraformStepResult> {
  const { io, env } = deps;
  await checkModuleOnDisk(config);
  const operation = config.operation === 'credentials' ? 'plan' : config.operation;
  const tempDir = await makeRunTempDir(io, env, config.deploymentId.replace(/[^\w.-]/g, '_'));
  const downloads = path.join(tempDir, 'downloads');
  await mkdir(downloads, { recursive: true });
  const platform = currentPlatform();
  const command = {
    spawn: deps.spawn ?? spawnProcess,
    io,
    signals: deps.signals ?? process,
    cancelGraceMs: deps.cancelGraceMs ?? 60_000,
  };
  const engine = await io.group(`Install ${config.engine.name}`, () =>
    sayingStill(
      (line) => io.info(line),
      `installing ${config.engine.name} (download and signature check)`,
      () =>
        installEngine(config.engine, config.terraform.workingDirectory, config.source.root, {
          io,
          env,
          fetch: deps.fetch ?? proxyFetch,
          toolCache: deps.toolCache ?? toolCache,
          command,
          tempDir: downloads,
          platform,
          readText: (file) => readFile(file, 'utf8').catch(() => undefined),
          listDir: (dir) => readdir(dir).catch(() => []),
        }),
    ),
  );
  const outcome = await runTerraform(
    operation,
    config.terraform,
    engine,
    session,
    config.deploymentId,
    {
      io,
      env,
      command,
      tempDir,
      repositoryRoot: config.source.root,
      objectStore: deps.objectStore ?? defaultObjectStore,
      cacheTag: `${engine.name}-${platform.os}-${platform.arch}`,
    },
  );
  return {
    engine: { name: engine.name, version: engine.version },
    binaryPath: engine.binaryPath,
    ...outcome,
  };
}

/** working-directory was checked as text when read; now that the source is in place, on disk too. */
async function checkModuleOnDisk(config: Config): Promise<void> {
  const { root } = config.source;
  const modulePath = relativeModulePath(root, config.terraform.workingDirectory);
  try {
    await resolveModuleDirectory(root, modulePath);
  } catch (error) {
    if (!(error instanceof ModulePathError)) throw error;
    throw new GrapeError(
      `Input 'working-directory' is '${modulePath}': ${error.problem} (${root}). Use a path inside the repository, e.g. 'infra/prod', that is a directory rather than a link out of it.`,
    );
  }
}
