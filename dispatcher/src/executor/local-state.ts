/**
 * What a local run keeps between runs when its project has no state backend of its own: the
 * Terraform state, in a local backend under the data directory (one per tenant, project and
 * environment, so a second apply sees the first one's resources and `destroy` destroys them), and
 * the saved plans awaiting approval (the action's `file://` plan store, same layout). The run gets
 * the state's place through a `_override.tf` file in its own copy of the module, which Terraform
 * merges over the module's configuration (a backend in an override file replaces the module's).
 * https://developer.hashicorp.com/terraform/language/files/override
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DeploymentSpec } from '../../../contract/deployment-spec.js';
import type { LocalSettings } from '../config.js';

export const BACKEND_OVERRIDE_FILE = 'grape_backend_override.tf';

/** `<dir>/<tenant id>/<project id>/<environment>`: ids and environment names are path-safe. */
const placeOf = (dir: string, spec: DeploymentSpec): string =>
  path.join(dir, spec.tenantId, spec.project.id, spec.environment);

/** An HCL string literal (JSON escapes, plus HCL's own `${` and `%{` template markers). */
const hclString = (value: string): string =>
  JSON.stringify(value)
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');

/**
 * Prepares the run's module copy (`moduleDir`) and returns the inputs that point the action at the
 * kept state and plans. A project with a backend (S3) keeps both there, as on GitHub: nothing to do.
 */
export async function localStateInputs(
  settings: Pick<LocalSettings, 'stateDir' | 'plansDir'>,
  spec: DeploymentSpec,
  moduleDir: string,
): Promise<Record<string, string>> {
  if (spec.backend) return {};
  const stateFile = path.join(placeOf(settings.stateDir, spec), 'terraform.tfstate');
  const plans = placeOf(settings.plansDir, spec);
  await mkdir(path.dirname(stateFile), { recursive: true, mode: 0o700 });
  await mkdir(plans, { recursive: true, mode: 0o700 });
  await writeFile(
    path.join(moduleDir, BACKEND_OVERRIDE_FILE),
    [
      '# Written by the Grape dispatcher (local executor): this project/environment keeps its',
      '# state on the dispatcher machine, across runs.',
      'terraform {',
      '  backend "local" {',
      `    path = ${hclString(stateFile)}`,
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  return { 'plan-store': pathToFileURL(plans).href };
}
