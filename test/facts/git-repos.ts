/** Bare repositories on disk for git-mode tests, with the helpers to look inside them. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Someone',
  GIT_AUTHOR_EMAIL: 'someone@example.com',
  GIT_COMMITTER_NAME: 'Someone',
  GIT_COMMITTER_EMAIL: 'someone@example.com',
};

export interface BareRepo {
  readonly root: string;
  readonly dir: string;
  git(...args: string[]): Promise<string>;
  /** Clones, lets `edit` change the work tree, commits everything and pushes. */
  push(edit: (workTree: string) => Promise<void>, message?: string, branch?: string): Promise<void>;
  /** Installs a pre-receive hook that declines pushes to `branch` as GitHub does. */
  protect(branch: string): Promise<void>;
  close(): Promise<void>;
}

export async function bareRepo(name = 'gitops.git', branch = 'main'): Promise<BareRepo> {
  const root = await mkdtemp(path.join(tmpdir(), 'grape-git-'));
  const dir = path.join(root, name);
  const git = async (...args: string[]) =>
    (await run('git', ['--git-dir', dir, ...args], { env })).stdout.trim();
  await run('git', ['init', '--quiet', '--bare', `--initial-branch=${branch}`, dir]);
  const push: BareRepo['push'] = async (edit, message = 'change', target = branch) => {
    const work = await mkdtemp(path.join(root, 'work-'));
    await run('git', ['clone', '--quiet', dir, work], { env });
    await run('git', ['-C', work, 'checkout', '--quiet', '-B', target], { env });
    await edit(work);
    await run('git', ['-C', work, 'add', '-A'], { env });
    await run('git', ['-C', work, 'commit', '--quiet', '-m', message], { env });
    await run('git', ['-C', work, 'push', '--quiet', 'origin', `HEAD:refs/heads/${target}`], {
      env,
    });
    await rm(work, { recursive: true, force: true });
  };
  await push((work) => writeFile(path.join(work, 'README.md'), '# GitOps\n'), 'Initial commit');
  return {
    root,
    dir,
    git,
    push,
    protect: async (protectedBranch) => {
      const hook = path.join(dir, 'hooks', 'pre-receive');
      await writeFile(
        hook,
        `#!/bin/sh\nwhile read old new ref; do\n  if [ "$ref" = "refs/heads/${protectedBranch}" ]; then\n    echo "error: GH006: Protected branch update failed for $ref." >&2\n    echo "error: Changes must be made through a pull request." >&2\n    exit 1\n  fi\ndone\n`,
      );
      await chmod(hook, 0o755);
    },
    close: () => rm(root, { recursive: true, force: true }),
  };
}
