/**
 * The facts step: `terraform output -json` → InfraFacts → one commit (or pull request) in the
 * GitOps repository. Runs after a successful apply; sensitive values never leave this function
 * (only their names do).
 */
import type { RunContext } from '../inputs/run-context.js';
import type { ActionsIO } from '../runner/actions-io.js';
import { buildInfraFacts } from './document/build-infra-facts.js';
import type { Spawn } from '../process/spawn-process.js';
import { factsChange } from './document/facts-change.js';
import type { FactsConfig } from '../config/facts/facts-config.js';
import { createGitHubClient, type GitHubClient } from './github/github-client.js';
import { commitFactsToGitHub, type FactsCommit } from './github/github-committer.js';
import { proposeFactsOnGitHub } from './github/github-pull-request.js';
import { commitFactsWithGit } from './git/git-committer.js';
import { missingOutputs, renderExternalSecrets } from './document/render-external-secrets.js';
import { parseOutputs } from './document/parse-outputs.js';
import type { RetryPolicy } from '../lib/retry.js';
import type { RetryDeps } from './retry-on-conflict.js';
import { selectOutputs } from './document/select-outputs.js';
import { unmatchedGlobs } from './document/unmatched-globs.js';
import { webUrlOf } from './git/web-url.js';

export interface PublishFactsInput {
  /** `terraform output -json` (or `tofu output -json`) after the apply. */
  readonly outputsJson: string;
  readonly engine: { readonly name: string; readonly version: string };
  readonly deploymentId: string;
  readonly run: RunContext;
  /** The Terraform source; defaults to the workflow's repository, ref and sha. */
  readonly source?: {
    readonly repository?: string;
    readonly ref?: string;
    readonly sha?: string;
    readonly path?: string;
  };
}

export interface PublishFactsDeps extends RetryDeps {
  readonly io: ActionsIO;
  readonly env: NodeJS.ProcessEnv;
  readonly spawn: Spawn;
  readonly now: () => Date;
  /** Where git mode clones (RUNNER_TEMP). */
  readonly tempDir: string;
  /** Builds the API client; default: Octokit at GITHUB_API_URL. */
  readonly github?: (token: string) => GitHubClient;
  readonly policy?: RetryPolicy;
}

export interface FactsResult extends FactsCommit {
  readonly path: string;
  readonly url: string | undefined;
  readonly pullRequestUrl: string | undefined;
}

export async function publishFacts(
  config: FactsConfig,
  input: PublishFactsInput,
  deps: PublishFactsDeps,
): Promise<FactsResult> {
  const { io } = deps;
  const outputs = parseOutputs(input.outputsJson);
  const selected = selectOutputs(outputs, config.filter);
  for (const glob of unmatchedGlobs(outputs, config.filter))
    io.warning(`facts-include pattern '${glob}' matched no Terraform output.`);
  const redactedNote =
    selected.redacted.length > 0 ? `; redacted (sensitive): ${selected.redacted.join(', ')}` : '';
  io.info(
    `Facts: ${Object.keys(selected.facts).length} of ${outputs.size} outputs${redactedNote}.`,
  );

  const { run } = input;
  const doc = buildInfraFacts(
    {
      project: config.project,
      environment: config.environment,
      deploymentId: input.deploymentId,
      engine: { ...input.engine },
      source: {
        repository: input.source?.repository ?? run.repository ?? null,
        ref: input.source?.ref ?? run.ref ?? null,
        sha: input.source?.sha ?? run.sha ?? null,
        path: input.source?.path ?? null,
      },
      run: { id: run.runId ?? null, url: run.runUrl ?? null, actor: run.actor ?? null },
    },
    selected,
    deps.now(),
  );
  // References only: the renderer refuses sensitive outputs without reading their values.
  const { externalSecrets } = config;
  const companions = externalSecrets
    ? [
        {
          path: externalSecrets.path,
          content: renderExternalSecrets(outputs, externalSecrets, config),
        },
      ]
    : [];
  for (const name of externalSecrets ? missingOutputs(outputs, externalSecrets) : [])
    io.warning(`facts-external-secrets names output '${name}', which the apply did not produce.`);
  if (externalSecrets)
    io.info(
      `ExternalSecrets: ${externalSecrets.sources.map((s) => s.output).join(', ')} → ${externalSecrets.path} (${externalSecrets.store.kind}/${externalSecrets.store.name}).`,
    );
  const change = factsChange(doc, config.format, config.path, companions);
  const retry = { ...deps, log: (m: string) => io.info(m) };

  let result: FactsResult;
  const { destination } = config;
  if (destination.kind === 'git') {
    const commit = await commitFactsWithGit(
      destination,
      config.branch,
      change,
      { token: config.token, author: config.author },
      retry,
    );
    const web = webUrlOf(destination.url, run.serverUrl);
    result = {
      ...commit,
      path: config.path,
      url: web && `${web}/blob/${commit.sha}/${config.path}`,
      pullRequestUrl: undefined,
    };
  } else {
    const client = (deps.github ?? ((t) => createGitHubClient(t, deps.env)))(config.token!);
    const repo = { owner: destination.owner, repo: destination.repo };
    const web = `${run.serverUrl}/${repo.owner}/${repo.repo}`;
    const deps2 = { ...retry, client };
    const commit =
      config.mode === 'pull-request'
        ? await proposeFactsOnGitHub(repo, config.branch, change, config, config.author, deps2)
        : {
            ...(await commitFactsToGitHub(repo, config.branch, change, config.author, deps2)),
            pullRequestUrl: undefined,
          };
    result = { ...commit, path: config.path, url: `${web}/blob/${commit.sha}/${config.path}` };
  }

  const where = `${config.path} on ${result.branch}`;
  io.info(
    result.changed
      ? `Committed the facts to ${where}: ${result.sha}${result.attempts > 1 ? ` (after ${result.attempts} attempts: the branch moved meanwhile)` : ''}.`
      : `The facts in ${where} are already current: no commit.`,
  );
  io.setOutput('facts-commit', result.sha);
  io.setOutput('facts-changed', String(result.changed));
  if (result.url) io.setOutput('facts-url', result.url);
  if (result.pullRequestUrl) {
    io.setOutput('facts-pull-request-url', result.pullRequestUrl);
    io.info(`Facts pull request: ${result.pullRequestUrl}`);
  }
  return result;
}
