/** Shared pieces of the facts tests: outputs documents, a run, a recording ActionsIO. */
import type { RunContext } from '../../src/inputs/run-context.js';
import { buildInfraFacts } from '../../src/facts/document/build-infra-facts.js';
import { factsChange, type FactsChange } from '../../src/facts/document/facts-change.js';
import type { FactsFormat } from '../../src/facts/document/infra-facts.js';
import { parseOutputs } from '../../src/facts/document/parse-outputs.js';
import { selectOutputs } from '../../src/facts/document/select-outputs.js';
import type { ActionsIO } from '../../src/runner/actions-io.js';

/** A `terraform output -json` document: plain values, plus sensitive ones. */
export function outputsJson(
  facts: Record<string, unknown>,
  sensitive: Record<string, unknown> = {},
): string {
  const entry = (value: unknown, isSensitive: boolean) => ({
    sensitive: isSensitive,
    type: typeof value === 'string' ? 'string' : 'dynamic',
    value,
  });
  const all: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(facts)) all[k] = entry(v, false);
  for (const [k, v] of Object.entries(sensitive)) all[k] = entry(v, true);
  return JSON.stringify(all, null, 2);
}

export function testRun(runId = '9000000001'): RunContext {
  return {
    runId,
    runAttempt: '1',
    actor: 'octocat',
    repository: 'acme/infra',
    serverUrl: 'https://github.com',
    sha: 'a'.repeat(40),
    ref: 'refs/heads/main',
    workspace: '/tmp',
    runUrl: `https://github.com/acme/infra/actions/runs/${runId}`,
  };
}

export interface ChangeOptions {
  readonly project?: string;
  readonly environment?: string;
  readonly deploymentId?: string;
  readonly format?: FactsFormat;
  readonly path?: string;
  readonly now?: Date;
}

export function changeFor(json: string, options: ChangeOptions = {}): FactsChange {
  const project = options.project ?? 'shop';
  const environment = options.environment ?? 'prod';
  const format = options.format ?? 'yaml';
  const doc = buildInfraFacts(
    {
      project,
      environment,
      deploymentId: options.deploymentId ?? 'dep_1',
      engine: { name: 'terraform', version: '1.11.4' },
      source: {
        repository: 'acme/infra',
        ref: 'refs/heads/main',
        sha: 'a'.repeat(40),
        path: 'stacks/app',
      },
      run: { id: '1', url: 'https://github.com/acme/infra/actions/runs/1', actor: 'octocat' },
    },
    selectOutputs(parseOutputs(json), { include: [], exclude: [] }),
    options.now ?? new Date('2026-11-22T10:00:00Z'),
  );
  return factsChange(doc, format, options.path ?? `facts/${project}/${environment}.yaml`);
}

export interface RecordingIO extends ActionsIO {
  readonly outputs: Record<string, string>;
  readonly logs: string[];
  readonly masked: string[];
  readonly failures: string[];
}

export function recordingIO(inputs: Record<string, string> = {}): RecordingIO {
  const outputs: Record<string, string> = {};
  const logs: string[] = [];
  const masked: string[] = [];
  const failures: string[] = [];
  return {
    outputs,
    logs,
    masked,
    failures,
    getInput: (name) => inputs[name] ?? '',
    setOutput: (name, value) => void (outputs[name] = value),
    setSecret: (value) => void masked.push(value),
    exportVariable: () => undefined,
    saveState: () => undefined,
    getState: () => '',
    debug: (m) => void logs.push(`debug: ${m}`),
    info: (m) => void logs.push(m),
    notice: (m) => void logs.push(`notice: ${m}`),
    warning: (m) => void logs.push(`warning: ${m}`),
    error: (m) => void logs.push(`error: ${m}`),
    group: (_name, fn) => fn(),
    getIDToken: () => Promise.reject(new Error('no OIDC in this test')),
    appendSummary: async () => undefined,
    setFailed: (m) => void failures.push(m),
  };
}

/** A retry policy with real but short waits: races really happen, tests stay fast. */
export const quickRetry = {
  policy: { retries: 29, baseDelayMs: 5, maxDelayMs: 200 },
};
