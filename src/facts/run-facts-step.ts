/** Wires the facts step to the real world: Octokit, git, the clock, RUNNER_TEMP. */
import { tmpdir } from 'node:os';
import type { Config } from '../config/config.js';
import type { ActionsIO } from '../runner/actions-io.js';
import { nodeExec, type Exec } from './exec.js';
import type { FactsConfig } from './facts-config.js';
import { publishFacts, type FactsResult } from './publish-facts.js';
import { realRetryDeps } from './retry-on-conflict.js';
import { readTerraformOutputs, type EngineOutputs } from './terraform-outputs.js';

/**
 * Publishes the facts of an apply. `engineResult` is what the engine step returns after the apply;
 * without it (until the engine is wired in) the outputs are read with `terraform output -json` in
 * the workspace.
 */
export async function runFactsStep(
  config: Config & { readonly facts: FactsConfig },
  engineResult: EngineOutputs | undefined,
  io: ActionsIO,
  env: NodeJS.ProcessEnv,
  exec: Exec = nodeExec,
): Promise<FactsResult> {
  return io.group('Publish infra facts', async () =>
    publishFacts(
      config.facts,
      {
        ...(engineResult ?? (await readTerraformOutputs(exec, config.run.workspace, env))),
        deploymentId: config.deploymentId,
        run: config.run,
      },
      {
        io,
        env,
        exec,
        now: () => new Date(),
        tempDir: env['RUNNER_TEMP'] || tmpdir(),
        ...realRetryDeps,
      },
    ),
  );
}
