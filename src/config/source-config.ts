/**
 * Where the Terraform module comes from. A self-serve workflow checks its own repository out
 * (the workspace). A dispatcher run starts in the runner repository without a checkout, so the
 * action clones the spec's source repository at the spec's ref with `source-token` — unless the
 * workspace already holds that repository's module (a checkout step, or the local executor).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { DeploymentSpec } from '../../contract/deployment-spec.js';
import type { InputReader } from '../inputs/input-reader.js';
import type { RunContext } from '../inputs/run-context.js';

export type SourceConfig =
  | { readonly kind: 'workspace'; readonly root: string }
  | {
      readonly kind: 'clone';
      /** https URL of the repository on this GitHub server; never carries a credential. */
      readonly url: string;
      readonly repository: string;
      readonly ref: string;
      readonly root: string;
      readonly token: string | undefined;
    };

export function readSourceConfig(
  inputs: InputReader,
  spec: DeploymentSpec | undefined,
  run: RunContext,
  env: NodeJS.ProcessEnv,
  mask: (value: string) => void,
): SourceConfig {
  const token = inputs.secret('source-token', mask) ?? inputs.secret('github-token', mask);
  if (!spec) return { kind: 'workspace', root: run.workspace };
  const sameRepository =
    spec.source.repository.toLowerCase() === (run.repository ?? '').toLowerCase();
  if (sameRepository && holdsModule(path.join(run.workspace, spec.source.path || '.'))) {
    return { kind: 'workspace', root: run.workspace };
  }
  const temp = env['RUNNER_TEMP'] || path.join(run.workspace, '..');
  return {
    kind: 'clone',
    url: `${run.serverUrl}/${spec.source.repository}.git`,
    repository: spec.source.repository,
    ref: spec.source.ref,
    root: path.join(temp, 'grape-source', spec.deploymentId),
    token,
  };
}

/** True when `dir` has Terraform/OpenTofu configuration files. */
function holdsModule(dir: string): boolean {
  try {
    return readdirSync(dir).some((name) => /\.(tf|tf\.json|tofu|tofu\.json)$/.test(name));
  } catch {
    return false;
  }
}
