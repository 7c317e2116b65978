/** The real Terraform binary the tests run: GRAPE_TEST_TERRAFORM, else `terraform` on PATH. */
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './action-runner.js';

function locate(): string | undefined {
  const given = process.env['GRAPE_TEST_TERRAFORM'];
  if (given) return given;
  try {
    return (
      execFileSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8' }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

export const terraformBinary = locate();
export const terraformVersion = terraformBinary
  ? (
      JSON.parse(
        execFileSync(terraformBinary, ['version', '-json'], {
          encoding: 'utf8',
          env: terraformTestEnv(),
        }),
      ) as { terraform_version: string }
    ).terraform_version
  : undefined;

/** `describe` when a terraform binary is available, else skipped with the reason in its name. */
export const describeWithTerraform = (name: string, fn: () => void): void =>
  (terraformBinary ? describe : describe.skip)(
    terraformBinary ? name : `${name} [skipped: no terraform binary; set GRAPE_TEST_TERRAFORM]`,
    fn,
  );

/** A fresh copy of test/fixtures/modules/<name> in a temp dir (tests write state and .terraform there). */
export async function copyModule(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `grape-mod-${name}-`));
  await cp(path.join(repoRoot, 'test', 'fixtures', 'modules', name), dir, { recursive: true });
  return dir;
}

/** The environment terraform gets in tests: no user CLI config, no checkpoint calls. */
export function terraformTestEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'LANG', 'TMPDIR'])
    if (process.env[name]) env[name] = process.env[name]!;
  return { ...env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', ...extra };
}
