/**
 * Stop-gap until the engine step hands its result over: runs `terraform output -json` and
 * `terraform version -json` in the working directory. The engine step replaces this at merge
 * (it returns `{ outputsJson, engine }` after the apply).
 */
import { GrapeError } from '../errors.js';
import type { Exec } from './exec.js';

export interface EngineOutputs {
  readonly outputsJson: string;
  readonly engine: { readonly name: string; readonly version: string };
}

export async function readTerraformOutputs(
  exec: Exec,
  cwd: string,
  env: NodeJS.ProcessEnv,
  binary = 'terraform',
): Promise<EngineOutputs> {
  const output = await exec(binary, ['output', '-json', '-no-color'], { cwd, env }).catch(
    (error: unknown) => {
      throw new GrapeError(`Could not run '${binary} output -json' in ${cwd}: ${String(error)}`);
    },
  );
  // stdout holds sensitive values in clear text: never quote it.
  if (output.code !== 0)
    throw new GrapeError(
      `'${binary} output -json' failed in ${cwd} (exit ${output.code}): ${output.stderr.trim().split('\n').slice(-3).join(' ')}`,
    );
  const version = await exec(binary, ['version', '-json'], { cwd, env });
  let engineVersion = 'unknown';
  try {
    const parsed = JSON.parse(version.stdout) as { terraform_version?: unknown };
    if (typeof parsed.terraform_version === 'string') engineVersion = parsed.terraform_version;
  } catch {
    // an unknown version is no reason to fail the facts
  }
  return {
    outputsJson: output.stdout,
    engine: { name: binary.includes('tofu') ? 'opentofu' : 'terraform', version: engineVersion },
  };
}
