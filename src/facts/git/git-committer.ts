/**
 * `facts-git-url`: the facts committed with plain git to any remote. Shallow clone of the branch,
 * one commit, push; when the push is rejected because the branch moved, fetch the new head, replay
 * the change on it (the facts file is ours: the replay is a rebase that cannot conflict), push again,
 * a bounded number of times.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readCheckedOutFacts } from './checkout-path.js';
import type { Spawn } from '../../process/spawn-process.js';
import { runToCompletion } from '../../process/run-to-completion.js';
import type { FactsChange } from '../document/facts-change.js';
import type { GitIdentity } from '../../config/facts/facts-config.js';
import type { FactsDestination } from '../../config/facts/facts-destination.js';
import type { FactsCommit } from '../github/github-committer.js';
import { gitEnv } from '../../git/git-env.js';
import { explainGitFailure, isPushRace } from '../../git/explain-git-failure.js';
import {
  ConflictError,
  DEFAULT_COMMIT_RETRY,
  retryOnConflict,
  type RetryDeps,
} from '../retry-on-conflict.js';
import type { RetryPolicy } from '../../lib/retry.js';

/** Commits made by an Actions run, shown with the Actions avatar on GitHub. */
export const BOT_IDENTITY: GitIdentity = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com',
};

export interface GitCommitDeps extends RetryDeps {
  readonly spawn: Spawn;
  readonly env: NodeJS.ProcessEnv;
  /** Where the clone is made (RUNNER_TEMP); removed afterwards. */
  readonly tempDir: string;
  readonly policy?: RetryPolicy;
}

export async function commitFactsWithGit(
  destination: FactsDestination & { kind: 'git' },
  configuredBranch: string | undefined,
  change: FactsChange,
  options: { readonly token: string | undefined; readonly author: GitIdentity | undefined },
  deps: GitCommitDeps,
): Promise<FactsCommit> {
  const author = options.author ?? BOT_IDENTITY;
  const env = {
    ...gitEnv(deps.env, destination, options.token),
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: author.name,
    GIT_COMMITTER_EMAIL: author.email,
  };
  // --depth works over file:// but is ignored for a plain path.
  const remote =
    destination.transport === 'file' && destination.url.startsWith('/')
      ? pathToFileURL(destination.url).href
      : destination.url;
  const work = await mkdtemp(path.join(deps.tempDir, 'grape-facts-'));
  const dir = path.join(work, 'repo');
  const secrets = options.token ? [options.token] : [];
  const exec = (args: string[], cwd: string, input?: string) =>
    runToCompletion(deps.spawn, 'git', args, { cwd, env, ...(input ? { input } : {}) });
  const git = async (args: string[], input?: string): Promise<string> => {
    const result = await exec(args, dir, input);
    if (result.code !== 0) throw new GitFailure(args, result.stderr, secrets);
    return result.stdout.trim();
  };
  try {
    const cloneArgs = ['clone', '--quiet', '--depth', '1', '--single-branch', '--no-tags'];
    if (configuredBranch) cloneArgs.push('--branch', configuredBranch);
    const cloned = await exec([...cloneArgs, '--', remote, dir], work);
    if (cloned.code !== 0)
      throw explainGitFailure('clone', destination.url, configuredBranch, cloned.stderr, secrets);
    const branch = configuredBranch ?? (await git(['symbolic-ref', '--short', 'HEAD']));
    let fileJudged = false;
    const { result, attempts } = await retryOnConflict(
      `push the facts to ${destination.url} (${branch})`,
      async (attempt) => {
        if (attempt > 1) {
          await git(['fetch', '--quiet', '--depth', '1', '--no-tags', 'origin', branch]);
          await git(['reset', '--quiet', '--hard', 'FETCH_HEAD']);
        }
        const read = (file: string) => readCheckedOutFacts(dir, file);
        const previous = await read(change.path);
        if (!fileJudged) {
          if (await change.unchangedIn(read))
            return { changed: false, sha: await git(['rev-parse', 'HEAD']) };
          fileJudged = true;
        }
        const files = [{ path: change.path, content: change.content }, ...change.companions];
        let written = previous === change.content;
        for (const companion of change.companions)
          written &&= (await read(companion.path)) === companion.content;
        if (written) return { changed: false, sha: await git(['rev-parse', 'HEAD']) };
        for (const file of files) {
          await mkdir(path.dirname(path.join(dir, file.path)), { recursive: true });
          await writeFile(path.join(dir, file.path), file.content);
        }
        await git(['add', '--', ...files.map((f) => f.path)]);
        await git(['commit', '--quiet', '--no-verify', '-F', '-'], change.message);
        const pushed = await exec(
          ['push', '--porcelain', 'origin', `HEAD:refs/heads/${branch}`],
          dir,
        );
        if (pushed.code === 0) return { changed: true, sha: await git(['rev-parse', 'HEAD']) };
        const output = `${pushed.stdout}\n${pushed.stderr}`;
        if (isPushRace(output)) throw new ConflictError(`branch '${branch}' moved while pushing`);
        throw explainGitFailure('push', destination.url, branch, output, secrets);
      },
      deps.policy ?? DEFAULT_COMMIT_RETRY,
      deps,
    );
    return { ...result, branch, attempts };
  } catch (error) {
    if (error instanceof GitFailure)
      throw explainGitFailure(error.step, destination.url, configuredBranch, error.stderr, secrets);
    throw error;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

class GitFailure extends Error {
  readonly step: string;
  constructor(
    args: readonly string[],
    readonly stderr: string,
    secrets: readonly string[],
  ) {
    super(`git ${args[0]} failed`);
    this.step = args[0] ?? 'git';
    for (const secret of secrets) this.stderr = this.stderr.split(secret).join('***');
  }
}
