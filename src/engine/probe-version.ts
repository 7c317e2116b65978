/**
 * Asks a binary which engine version it is (`version -json`). The binary may be the user's
 * (`engine-path`): it runs in the same withheld environment as every terraform command.
 */
import { GrapeError } from '../errors.js';
import { runCommand, type CommandDeps } from './run-command.js';
import { readAll } from '../process/read-all.js';
import { withheldEnv } from './engine-env.js';

/**
 * `terraform version -json` → {"terraform_version": "1.11.4", …}; OpenTofu keeps the same key
 * (older builds of either may add terraform_revision).
 */
export async function probeVersion(
  binary: string,
  cwd: string,
  deps: CommandDeps,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const quiet = { ...deps, io: { ...deps.io, info: deps.io.debug } };
  const result = await runCommand(
    {
      binary,
      cwd,
      repositoryRoot: cwd,
      env: { ...withheldEnv(env), CHECKPOINT_DISABLE: '1' },
    },
    ['version', '-json'],
    quiet,
    { consume: (stdout) => readAll(stdout, 1 << 20) },
  );
  const text = result.value?.toString('utf8') ?? '';
  let version: unknown;
  try {
    const doc = JSON.parse(text) as Record<string, unknown>;
    version = doc['terraform_version'] ?? doc['tofu_version'] ?? doc['opentofu_version'];
  } catch {
    version = undefined;
  }
  if (result.exit.code !== 0 || typeof version !== 'string')
    throw new GrapeError(
      `${binary} did not answer \`version -json\` like terraform or OpenTofu (exit ${result.exit.code ?? result.exit.signal}). Is it the engine binary?`,
    );
  return version.replace(/^v/, '');
}
