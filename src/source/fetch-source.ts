/**
 * Clones the spec's source repository at its ref, shallowly. The token travels as an HTTP header
 * through GIT_CONFIG_* (as for facts): never in argv, the remote URL or .git/config.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { GrapeError } from '../errors.js';
import { spawnProcess, type Spawn } from '../process/spawn-process.js';
import { runToCompletion } from '../process/run-to-completion.js';
import { DEFAULT_GIT_USERNAME, gitEnv } from '../git/git-env.js';
import type { ActionsIO } from '../runner/actions-io.js';
import type { SourceConfig } from '../config/source-config.js';

export async function fetchSource(
  source: SourceConfig & { kind: 'clone' },
  io: ActionsIO,
  env: NodeJS.ProcessEnv,
  spawn: Spawn = spawnProcess,
): Promise<void> {
  if (source.token)
    io.setSecret(Buffer.from(`${DEFAULT_GIT_USERNAME}:${source.token}`).toString('base64'));
  const gitenv = gitEnv(
    env,
    { url: source.url, transport: 'http', username: DEFAULT_GIT_USERNAME },
    source.token,
  );
  await rm(source.root, { recursive: true, force: true });
  await mkdir(path.dirname(source.root), { recursive: true });
  const git = (args: string[], cwd: string) =>
    runToCompletion(spawn, 'git', args, { env: gitenv, cwd });
  // A ref may be a branch, a tag or a commit: init + fetch of that ref works for all three.
  const steps: Array<[string[], string]> = [
    [['init', '--quiet', source.root], process.cwd()],
    [['remote', 'add', 'origin', source.url], source.root],
    [['fetch', '--quiet', '--depth', '1', '--no-tags', 'origin', source.ref], source.root],
    [['checkout', '--quiet', '--detach', 'FETCH_HEAD'], source.root],
  ];
  await io.group(`Fetch ${source.repository}@${source.ref}`, async () => {
    for (const [args, cwd] of steps) {
      const result = await git(args, cwd);
      if (result.code !== 0) {
        const reason = result.stderr.trim().split('\n').slice(-2).join(' ');
        throw new GrapeError(
          `Could not fetch the module source ${source.repository} at '${source.ref}' (git ${args[0]}: ${reason}). ` +
            "The runner workflow's token must be able to read that repository: pass `source-token` (e.g. a GitHub App installation token with contents: read), and check that the ref exists.",
        );
      }
    }
  });
}
