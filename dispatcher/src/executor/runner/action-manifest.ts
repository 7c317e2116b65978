/**
 * Reads an action's action.yml the way the runner does before running it: every input with its
 * `default:` (kept unevaluated: the runner evaluates it per step, ActionManifestManager.cs
 * EvaluateDefaultInput) and the `runs:` section of a node action, `post-if` defaulting to
 * `always()` (actions/runner src/Runner.Worker/ActionManifestManager.cs, ConvertRuns).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';

export interface ManifestInput {
  readonly name: string;
  /** The raw `default:` text, expressions not yet evaluated; undefined when there is none. */
  readonly default: string | undefined;
  readonly required: boolean;
}

export interface ActionManifest {
  /** The directory holding action.yml: the runner's ActionDirectory, where main/post resolve. */
  readonly dir: string;
  readonly inputs: readonly ManifestInput[];
  /** `node20`, `node24`, … */
  readonly using: string;
  readonly main: string;
  readonly post: string | undefined;
  /** `post-if`, default `always()` as in ActionManifestManager.cs. */
  readonly postIf: string;
}

export class ManifestError extends Error {}

/** Reads `<dir>/action.yml` (or `action.yaml`, the runner accepts both). */
export async function readActionManifest(dir: string): Promise<ActionManifest> {
  let text: string | undefined;
  for (const name of ['action.yml', 'action.yaml']) {
    text = await readFile(path.join(dir, name), 'utf8').catch(() => undefined);
    if (text !== undefined) break;
  }
  if (text === undefined) throw new ManifestError(`No action.yml or action.yaml in ${dir}.`);
  return parseActionManifest(text, dir);
}

export function parseActionManifest(text: string, dir: string): ActionManifest {
  const doc = YAML.parse(text) as {
    inputs?: Record<string, { default?: unknown; required?: unknown } | null>;
    runs?: { using?: unknown; main?: unknown; post?: unknown; 'post-if'?: unknown };
  };
  const inputs = Object.entries(doc.inputs ?? {}).map(([name, spec]) => ({
    name,
    default:
      spec?.default === undefined || spec.default === null ? undefined : String(spec.default),
    required: spec?.required === true || spec?.required === 'true',
  }));
  const runs = doc.runs ?? {};
  const using = String(runs.using ?? '');
  if (!/^node\d+$/.test(using) || typeof runs.main !== 'string')
    throw new ManifestError(
      `runs.using is '${using}': this emulation runs JavaScript actions only (using: node20/node24 with runs.main).`,
    );
  return {
    dir,
    inputs,
    using,
    main: runs.main,
    post: typeof runs.post === 'string' ? runs.post : undefined,
    postIf: typeof runs['post-if'] === 'string' ? runs['post-if'] : 'always()',
  };
}
