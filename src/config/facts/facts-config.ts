/**
 * The facts step's configuration, parsed from the action inputs (the signed spec's values arrive as
 * inputs, see spec-config.ts). Undefined when no facts destination is configured: the step is off.
 */
import type { InputReader } from '../../inputs/input-reader.js';
import type { RunContext } from '../../inputs/run-context.js';
import {
  REPOSITORY,
  isLoopbackHttp,
  readGitUrl,
  type FactsDestination,
} from './facts-destination.js';
import {
  FACTS_FORMATS,
  defaultFactsPath,
  factsPathProblem,
  type FactsFormat,
} from './facts-path.js';
import { branchProblem } from './facts-names.js';
import {
  readAuthor,
  readGlobs,
  readName,
  sameHost,
  secretFromEnv,
  type GitIdentity,
} from './facts-inputs.js';
import {
  readExternalSecretsConfig,
  type ExternalSecretsConfig,
} from './external-secrets-config.js';

export type { GitIdentity };

export const FACTS_MODES = ['commit', 'pull-request'] as const;
export type FactsMode = (typeof FACTS_MODES)[number];

export interface OutputFilter {
  /** Globs on output names; empty means every output. */
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

export interface FactsConfig {
  readonly destination: FactsDestination;
  /** Undefined: the repository's default branch. */
  readonly branch: string | undefined;
  readonly path: string;
  readonly format: FactsFormat;
  readonly filter: OutputFilter;
  readonly mode: FactsMode;
  /**
   * Masked on arrival. `facts-token`, else the workflow token for GitHub destinations only;
   * undefined for destinations that need none (file, ssh) or were given none.
   */
  readonly token: string | undefined;
  readonly project: string;
  readonly environment: string;
  /** Undefined: GitHub's API signs as the token's identity; git mode uses Grape's bot identity. */
  readonly author: GitIdentity | undefined;
  /** ExternalSecret manifests committed beside the facts; absent when the hand-off is off. */
  readonly externalSecrets?: ExternalSecretsConfig;
}

export interface FactsConfigSources {
  readonly run: RunContext;
  readonly env: NodeJS.ProcessEnv;
  readonly mask: (value: string) => void;
}

const FACTS_INPUTS = [
  'facts-branch',
  'facts-path',
  'facts-format',
  'facts-include',
  'facts-exclude',
  'facts-mode',
  'facts-commit-author',
  'facts-external-secrets',
  'facts-secret-store',
];

export function readFactsConfig(
  inputs: InputReader,
  { run, env, mask }: FactsConfigSources,
): FactsConfig | undefined {
  const repositoryValue = inputs.string('facts-repository');
  const gitUrlValue = inputs.string('facts-git-url');
  // Masked before anything else can print them, even when facts turn out to be off.
  const factsToken = inputs.secret('facts-token', mask);
  const workflowToken =
    inputs.secret('github-token', mask) ?? secretFromEnv(env, 'GITHUB_TOKEN', mask);

  if (repositoryValue === undefined && gitUrlValue === undefined) {
    const stray = FACTS_INPUTS.filter((name) => inputs.isSet(name));
    if (stray.length > 0)
      inputs.failCombination(
        stray[0]!,
        `Input '${stray[0]}' is set but neither 'facts-repository' nor 'facts-git-url' is: facts have nowhere to go. Add e.g. \`facts-repository: acme/gitops\`, or remove the facts inputs.`,
      );
    return undefined;
  }

  let destination: FactsDestination | undefined;
  if (repositoryValue !== undefined && gitUrlValue !== undefined) {
    inputs.failCombination(
      'facts-git-url',
      "Inputs 'facts-repository' and 'facts-git-url' are both set: choose one. Use 'facts-repository' (owner/repo) for GitHub, or 'facts-git-url' for any other git remote.",
    );
  } else if (repositoryValue !== undefined) {
    const m = REPOSITORY.exec(repositoryValue.replace(/\.git$/, ''));
    if (m) destination = { kind: 'github', owner: m[1]!, repo: m[2]! };
    else
      inputs.fail(
        'facts-repository',
        repositoryValue,
        'not an owner/repo name',
        "Use the GitOps repository as 'owner/repo', e.g. 'acme/gitops' (for a non-GitHub remote use 'facts-git-url').",
      );
  } else if (gitUrlValue !== undefined) {
    const reading = readGitUrl(gitUrlValue);
    if (reading.ok) destination = reading.destination;
    else
      inputs.fail(
        'facts-git-url',
        reading.showValue ? gitUrlValue : undefined,
        reading.problem,
        "Use an https URL ('https://gitlab.com/acme/gitops.git'), an ssh remote ('git@gitlab.com:acme/gitops.git'), or a local path ('/srv/git/gitops.git', 'file:///srv/git/gitops.git').",
      );
  }

  // The workflow token goes only to GitHub itself: never to another host's git server.
  const token =
    factsToken ??
    (destination?.kind === 'github' ||
    (destination?.kind === 'git' && sameHost(destination.url, run.serverUrl))
      ? workflowToken
      : undefined);
  if (destination?.kind === 'git' && destination.transport === 'http' && token !== undefined) {
    // The Basic credential git sends is a secret too, should anything ever print it.
    mask(Buffer.from(`${destination.username}:${token}`).toString('base64'));
    if (destination.url.startsWith('http:') && !isLoopbackHttp(destination.url))
      inputs.fail(
        'facts-git-url',
        gitUrlValue,
        'it is plain http, which would send the token unencrypted',
        "Use the remote's https URL.",
      );
  }
  if (destination?.kind === 'github' && token === undefined) {
    inputs.failCombination(
      'facts-token',
      "Input 'facts-token' is empty and there is no workflow token ('github-token' input or GITHUB_TOKEN) to fall back on: committing facts to GitHub needs a token with contents: write on the GitOps repository. Add `facts-token: ${{ secrets.GITOPS_TOKEN }}` (a GitHub App installation token or a fine-grained token).",
    );
  }

  const project = readName(inputs, 'project', run.repository?.split('/')[1]);
  const environment = readName(inputs, 'environment', undefined);

  const branch = inputs.string('facts-branch');
  const badBranch = branch === undefined ? undefined : branchProblem(branch);
  if (branch !== undefined && badBranch)
    inputs.fail('facts-branch', branch, badBranch, "Use a branch name such as 'main' or 'gitops'.");

  const formatValue = inputs.string('facts-format');
  const format: FactsFormat = FACTS_FORMATS.includes(formatValue as FactsFormat)
    ? (formatValue as FactsFormat)
    : formatValue === undefined
      ? 'yaml'
      : (inputs.fail(
          'facts-format',
          formatValue,
          'not one of the accepted values',
          `Use one of: ${FACTS_FORMATS.map((f) => `'${f}'`).join(', ')}.`,
        ) ?? 'yaml');

  const pathValue = inputs.string('facts-path');
  const badPath = pathValue === undefined ? undefined : factsPathProblem(pathValue);
  if (pathValue !== undefined && badPath)
    inputs.fail(
      'facts-path',
      pathValue,
      `not a safe path in the repository: ${badPath}`,
      "Use a relative path such as 'facts/shop/prod.yaml'.",
    );

  const mode = inputs.oneOf('facts-mode', FACTS_MODES, 'commit');
  if (mode === 'pull-request' && destination?.kind === 'git')
    inputs.failCombination(
      'facts-mode',
      "Input 'facts-mode' is 'pull-request' but 'facts-git-url' is set: pull requests are opened through GitHub's API. Use 'facts-repository' for a GitHub repository, or 'facts-mode: commit' for a plain git remote.",
    );

  const filter = {
    include: readGlobs(inputs, 'facts-include'),
    exclude: readGlobs(inputs, 'facts-exclude'),
  };
  const author = readAuthor(inputs);

  if (!destination || project === undefined || environment === undefined) return undefined;
  const path =
    pathValue !== undefined && !badPath
      ? pathValue
      : defaultFactsPath(project, environment, format);
  const externalSecrets = readExternalSecretsConfig(inputs, path);
  return {
    destination,
    branch: badBranch ? undefined : branch,
    path,
    format,
    filter,
    mode,
    token,
    project,
    environment,
    author,
    ...(externalSecrets ? { externalSecrets } : {}),
  };
}
