/**
 * Evaluates a module's provider-free files (variables.tf and trust.tf, or the files named) with
 * the real Terraform binary: copies them into a scratch root module with an output for the local wanted, applies
 * it (locals and outputs only: no provider, no network) and returns the output's value.
 * Variable validation runs exactly as it would for a user.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { modulesDir } from './module-files.js';

export type EvalResult = { ok: true; value: unknown } | { ok: false; error: string };

const tfEnv = {
  ...process.env,
  CHECKPOINT_DISABLE: '1',
  TF_IN_AUTOMATION: '1',
  TF_INPUT: '0',
  TF_CLI_CONFIG_FILE: '/dev/null',
};

function terraform(cwd: string, args: string[]) {
  const result = spawnSync('terraform', [...args, '-no-color'], {
    cwd,
    env: tfEnv,
    encoding: 'utf8',
  });
  if (result.error) throw result.error;
  return result;
}

/**
 * @param moduleName folder under modules/
 * @param local the local value to return (e.g. "trust_policy")
 * @param vars variable values (JSON-encoded into a tfvars.json file)
 * @param stub extra HCL standing in for what main.tf resolves through a provider
 * @param files the module's provider-free files to copy
 */
export function evaluateLocal(
  moduleName: string,
  local: string,
  vars: Record<string, unknown>,
  stub = '',
  files: readonly string[] = ['variables.tf', 'trust.tf'],
): EvalResult {
  const dir = mkdtempSync(path.join(tmpdir(), `grape-tf-${moduleName}-`));
  try {
    for (const file of files) {
      copyFileSync(path.join(modulesDir, moduleName, file), path.join(dir, file));
    }
    writeFileSync(
      path.join(dir, 'zz_test.tf'),
      `${stub}\noutput "result" {\n  value = local.${local}\n}\n`,
    );
    writeFileSync(path.join(dir, 'test.auto.tfvars.json'), JSON.stringify(vars));
    const apply = terraform(dir, ['apply', '-auto-approve', '-input=false']);
    if (apply.status !== 0) return { ok: false, error: apply.stderr };
    const output = terraform(dir, ['output', '-json', 'result']);
    if (output.status !== 0) return { ok: false, error: output.stderr };
    return { ok: true, value: JSON.parse(output.stdout) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The value, or a thrown error carrying Terraform's message. */
export function evaluateOrThrow(...args: Parameters<typeof evaluateLocal>): unknown {
  const result = evaluateLocal(...args);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}
