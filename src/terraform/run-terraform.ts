/**
 * The terraform step: init → (workspace) → validate → plan -out → show -json → summary and
 * guards → apply of exactly that saved plan → output -json. An approved apply run takes the
 * stored plan (verified by SHA-256) instead of planning again.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Operation } from '../config/config.js';
import type { InstalledEngine } from '../engine/install-engine.js';
import { GrapeError } from '../errors.js';
import type { AwsSession } from '../identity/obtain-credentials.js';
import type { ActionsIO } from '../runner/actions-io.js';
import { recordTempPath } from '../runner/temp-paths.js';
import { engineEnv } from '../engine/engine-env.js';
import { TerraformCli } from './terraform-cli.js';
import type { PlanSummary } from './plan-json/plan-summary.js';
import { PlanGuard } from './plan-guards.js';
import { decideIsolation, type IsolationHost } from './isolation/decide-isolation.js';
import { prepareSandbox } from './isolation/engine-sandbox.js';
import { isolationHost } from './isolation/isolation-host.js';
import { fetchPlan, planUrl, storePlan, type ObjectStore } from './plan-store.js';
import { pluginCacheDir, restorePluginCache, type CacheService } from './plugin-cache.js';
import { sayingStill } from '../lib/still-waiting.js';
import { publishPlan } from './publish-plan.js';
import type { CommandDeps } from '../engine/run-command.js';
import type { PlanStoreLocation, TerraformConfig } from '../config/terraform-config.js';

export interface TerraformDeps {
  readonly io: ActionsIO;
  readonly env: NodeJS.ProcessEnv;
  readonly command: CommandDeps;
  /** This run's private temporary directory. */
  readonly tempDir: string;
  /** Root of the module's repository (the workspace, or the clone of the spec's source). */
  readonly repositoryRoot: string;
  readonly objectStore: (session: AwsSession, store: PlanStoreLocation) => Promise<ObjectStore>;
  readonly cacheService?: () => Promise<CacheService>;
  /** Tag of the plugin cache key: engine, os, arch. */
  readonly cacheTag: string;
  /** Who the action runs as (isolation/decide-isolation.ts); default this process. */
  readonly host?: IsolationHost;
}

export interface TerraformOutcome {
  readonly planSummary: PlanSummary;
  readonly planSha256: string;
  /** Set when the plan was stored for a later apply run. */
  readonly planId: string | undefined;
  readonly applied: boolean;
  /** `output -json` as the engine printed it. */
  readonly outputsJson: string;
}

export async function runTerraform(
  operation: Exclude<Operation, 'credentials'>,
  config: TerraformConfig,
  engine: InstalledEngine,
  session: AwsSession,
  deploymentId: string,
  deps: TerraformDeps,
): Promise<TerraformOutcome> {
  const { io } = deps;
  const product = path.basename(engine.binaryPath).replace(/\.exe$/, '');
  const lockFile = await readFile(
    path.join(config.workingDirectory, '.terraform.lock.hcl'),
    'utf8',
  ).catch(() => undefined);
  // Terraform refuses a TF_PLUGIN_CACHE_DIR that does not exist.
  const pluginDir = pluginCacheDir(deps.env, deps.cacheTag);
  await mkdir(pluginDir, { recursive: true });
  const cache = await sayingStill(
    (line) => io.info(line),
    'restoring the provider plugin cache',
    () => restorePluginCache(pluginDir, lockFile, deps.cacheTag, io, deps.env, deps.cacheService),
  );
  const privilege = await decideIsolation(
    config.isolation,
    deps.host ?? isolationHost(deps.command.spawn),
    deps.command.spawn,
    io,
  );
  const sandbox = await prepareSandbox(
    privilege,
    {
      repositoryRoot: deps.repositoryRoot,
      workingDirectory: config.workingDirectory,
      pluginDir: cache.dir,
      tempDir: deps.tempDir,
      binaryPath: engine.binaryPath,
    },
    { spawn: deps.command.spawn, record: (dir) => recordTempPath(io, dir) },
  );
  const planFile = sandbox.planFile;
  const env = {
    ...engineEnv(deps.env, session, config.variables, sandbox.pluginDir),
    ...sandbox.env,
  };
  const tf = new TerraformCli(
    {
      binary: sandbox.binaryPath,
      cwd: sandbox.workingDirectory,
      repositoryRoot: sandbox.repositoryRoot,
      env,
    },
    { ...deps.command, spawn: sandbox.spawn },
    product,
  );

  await io.group(`${product} init`, () => tf.init(config.backendConfig));
  await sandbox.savePlugins();
  await sayingStill(
    (line) => io.info(line),
    'saving the provider plugin cache',
    () => cache.save(),
  );
  if (config.workspace !== undefined) await tf.selectWorkspace(config.workspace);

  const guard = new PlanGuard({
    allowDestroy: config.allowDestroy,
    protectedResourceTypes: config.protectedResourceTypes,
  });
  let planSha256: string;
  if (config.savedPlan) {
    await fetchPlan(
      await deps.objectStore(session, config.planStore!),
      config.planStore!,
      config.savedPlan,
      planFile,
    );
    planSha256 = config.savedPlan.sha256;
    io.info(`Fetched the approved plan ${config.savedPlan.id} (sha256 ${planSha256}).`);
  } else {
    await io.group(`${product} validate`, () => tf.validate());
    await io.group(`${product} plan`, () =>
      tf.plan(planFile, { destroy: operation === 'destroy', varFiles: config.varFiles }),
    );
    planSha256 = createHash('sha256')
      .update(await sandbox.readPlan())
      .digest('hex');
  }
  const summary = await tf.show(planFile, guard);

  const refusal = guardMessage(guard);
  const willApply = operation !== 'plan';
  const notes = refusal
    ? [willApply ? `Not applied. ${refusal}` : `An apply of this plan would be refused. ${refusal}`]
    : [];
  await publishPlan(io, summary, {
    title: `${product} ${operation === 'destroy' ? 'destroy plan' : 'plan'} (${deploymentId})`,
    planSha256,
    notes,
    filesDir: deps.tempDir,
  });

  let planId: string | undefined;
  if (operation === 'plan') {
    if (refusal) io.warning(`An apply of this plan would be refused: ${refusal}`);
    if (config.planStore) {
      planId = deploymentId;
      await storePlan(
        await deps.objectStore(session, config.planStore),
        config.planStore,
        planId,
        planFile,
      );
      io.setOutput('plan-id', planId);
      io.info(
        `Stored the plan as ${planId} in ${planUrl(config.planStore, config.planStore.prefix)} (sha256 ${planSha256}).`,
      );
    }
    return {
      planSummary: summary,
      planSha256,
      planId,
      applied: false,
      outputsJson: await tf.outputs(),
    };
  }

  if (summary.errored || (summary.applyable === false && summary.hasChanges))
    throw new GrapeError(
      `The plan is incomplete (${product} reported errors while planning): refusing to apply it.`,
    );
  guard.enforce();
  let applied = false;
  if (!summary.hasChanges) io.info('No changes: nothing to apply.');
  else {
    await io.group(`${product} apply`, () => tf.apply(planFile));
    applied = true;
  }
  return { planSummary: summary, planSha256, planId, applied, outputsJson: await tf.outputs() };
}

function guardMessage(guard: PlanGuard): string | undefined {
  try {
    guard.enforce();
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^Refusing to apply: /, '');
  }
}
