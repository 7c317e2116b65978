/** Path safety inside a checked-out GitOps repository: no symlink anywhere along the facts path. */
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { GrapeError } from '../../errors.js';
import { parentsOf } from '../../config/facts/facts-path.js';

const refuse = (factsPath: string, why: string): GrapeError =>
  new GrapeError(
    `Refusing to write the facts to '${factsPath}': ${why}. Choose another 'facts-path', or replace the symlink with a plain folder/file in the GitOps repository.`,
  );

async function kindOf(file: string): Promise<'missing' | 'symlink' | 'folder' | 'file' | 'other'> {
  try {
    const stat = await lstat(file);
    if (stat.isSymbolicLink()) return 'symlink';
    if (stat.isDirectory()) return 'folder';
    return stat.isFile() ? 'file' : 'other';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
}

/** The facts file's current text (undefined when absent), after checking every step of its path. */
export async function readCheckedOutFacts(
  root: string,
  factsPath: string,
): Promise<string | undefined> {
  for (const parent of parentsOf(factsPath)) {
    const kind = await kindOf(path.join(root, parent));
    if (kind === 'missing') return undefined;
    if (kind === 'symlink') throw refuse(factsPath, `'${parent}' is a symlink in the repository`);
    if (kind !== 'folder') throw refuse(factsPath, `'${parent}' is a file in the repository`);
  }
  const file = path.join(root, factsPath);
  const kind = await kindOf(file);
  if (kind === 'missing') return undefined;
  if (kind === 'symlink') throw refuse(factsPath, 'it is a symlink in the repository');
  if (kind !== 'file') throw refuse(factsPath, `it is a ${kind} in the repository`);
  return readFile(file, 'utf8');
}
