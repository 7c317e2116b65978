/** Security rules for workflow files, as pure functions over parsed YAML. */
import type { Workflow } from './workflow-files.js';
import { stepsOf } from './workflow-files.js';

export interface Finding {
  readonly where: string;
  readonly problem: string;
}

const EXPRESSION = /\$\{\{/;

/**
 * Expressions expanded inside scripts are injection points (the value becomes code): inputs and
 * event data must reach `run:` and actions/github-script's `script:` through `env:`.
 */
export function findScriptExpressions(workflow: Workflow): Finding[] {
  return stepsOf(workflow).flatMap(({ job, index, step }) => {
    const where = `jobs.${job}.steps[${index}]${step.name ? ` (${step.name})` : ''}`;
    const found: Finding[] = [];
    if (typeof step.run === 'string' && EXPRESSION.test(step.run)) {
      found.push({ where, problem: '`${{ }}` inside run: pass the value through env: instead' });
    }
    const script = step.with?.['script'];
    if (
      step.uses?.startsWith('actions/github-script@') &&
      typeof script === 'string' &&
      EXPRESSION.test(script)
    ) {
      found.push({
        where,
        problem: '`${{ }}` inside github-script script: read process.env instead',
      });
    }
    return found;
  });
}

/** Actions we publish ourselves, used by tag on purpose. */
const OWN_ACTIONS = new Set(['grape/deploy@v1']);

/**
 * Third-party actions and reusable workflows must be pinned to a full commit SHA with a
 * `# vX.Y.Z` comment on the same line (checked on the source text, since YAML drops comments).
 */
export function findUnpinnedUses(source: string): Finding[] {
  const findings: Finding[] = [];
  source.split('\n').forEach((line, i) => {
    const match = /^\s*(?:-\s+)?uses:\s*["']?([^"'\s#]+)["']?\s*(#.*)?$/.exec(line);
    if (!match) return;
    const ref = match[1] ?? '';
    const comment = match[2] ?? '';
    const where = `line ${i + 1}: ${ref}`;
    if (ref.startsWith('./') || ref.startsWith('docker://') || OWN_ACTIONS.has(ref)) return;
    if (/^grape\/deploy\/\.github\/workflows\/[\w.-]+\.ya?ml@v1$/.test(ref)) return;
    if (!/@[0-9a-f]{40}$/.test(ref)) {
      findings.push({ where, problem: 'not pinned to a full 40-hex commit SHA' });
    } else if (!/^#\s*v\d+\.\d+\.\d+\s*$/.test(comment)) {
      findings.push({ where, problem: 'pinned SHA lacks a `# vX.Y.Z` comment naming its release' });
    }
  });
  return findings;
}
