/**
 * Wires the facts step to the real world: Octokit, git, the clock, and a private temporary
 * directory the post step deletes (runner/temp-paths.ts, as for every temporary path of a run).
 */
import { relativeModulePath } from '../../contract/module-path.js';
import type { Config } from '../config/config.js';
import type { ActionsIO } from '../runner/actions-io.js';
import { makeRunTempDir } from '../runner/temp-paths.js';
import { spawnProcess, type Spawn } from '../process/spawn-process.js';
import type { FactsConfig } from '../config/facts/facts-config.js';
import { publishFacts, type FactsResult } from './publish-facts.js';

/** What the engine step hands over after an apply. */
export interface EngineOutputs {
  /** `terraform output -json`: sensitive values in clear text, never to be quoted. */
  readonly outputsJson: string;
  readonly engine: { readonly name: string; readonly version: string };
}

/** Publishes the facts of an apply, from the engine step's result. */
export async function runFactsStep(
  config: Config & { readonly facts: FactsConfig },
  engineResult: EngineOutputs,
  io: ActionsIO,
  env: NodeJS.ProcessEnv,
  spawn: Spawn = spawnProcess,
): Promise<FactsResult> {
  const tempDir = await makeRunTempDir(io, env, 'facts');
  return io.group('Publish infra facts', async () =>
    publishFacts(
      config.facts,
      {
        ...engineResult,
        deploymentId: config.deploymentId,
        run: config.run,
        source: {
          ...(config.source.kind === 'clone'
            ? { repository: config.source.repository, ref: config.source.ref }
            : {}),
          path: relativeModulePath(config.source.root, config.terraform.workingDirectory),
        },
      },
      {
        io,
        env,
        spawn,
        now: () => new Date(),
        tempDir,
      },
    ),
  );
}
