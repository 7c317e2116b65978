/**
 * The local executor's default facts remote is a bare repository in the data dir. The facts step
 * commits on top of a branch, so a new repository gets one empty first commit on `main`.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Creates the bare repository when `remote` is a local path that does not exist yet. */
export async function ensureFactsRepo(remote: string): Promise<void> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(remote) || /^[^/]+@[^:]+:/.test(remote) || existsSync(remote))
    return;
  const git = (...args: string[]) => run('git', ['--git-dir', remote, ...args], { env: gitEnv() });
  await run('git', ['init', '--quiet', '--bare', '--initial-branch=main', remote]);
  // The empty tree, written from an empty file.
  const { stdout: tree } = await git('hash-object', '-t', 'tree', '-w', '/dev/null');
  const { stdout: commit } = await git(
    'commit-tree',
    tree.trim(),
    '-m',
    'Start the GitOps repository (Grape local mode)',
  );
  await git('update-ref', 'refs/heads/main', commit.trim());
}

function gitEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_AUTHOR_NAME: 'Grape',
    GIT_AUTHOR_EMAIL: 'grape@localhost',
    GIT_COMMITTER_NAME: 'Grape',
    GIT_COMMITTER_EMAIL: 'grape@localhost',
  };
}
