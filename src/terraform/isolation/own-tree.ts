/**
 * File trees handed to the engine user, written as root before the engine starts. Symlinks are
 * copied as links (never followed) and ownership is changed with lchown, so a link in the module
 * (`x -> /etc/shadow`) can neither be read through by root nor make root chown its target.
 */
import { constants } from 'node:fs';
import { cp, copyFile, link, lchown, lstat, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';

/** Copies a module's repository without its `.git` directories (actions/checkout keeps a token there). */
export async function copyWorkingCopy(from: string, to: string): Promise<void> {
  await cp(from, to, {
    recursive: true,
    verbatimSymlinks: true,
    dereference: false,
    filter: (source) => path.basename(source) !== '.git',
  });
}

/** Gives every entry under `dir` (and `dir` itself) to uid:gid, never following a link. */
export async function ownTree(dir: string, uid: number, gid: number): Promise<void> {
  await lchown(dir, uid, gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await ownTree(full, uid, gid);
    else await lchown(full, uid, gid);
  }
}

/** Gives `dir` and the directories under it (not the files) to uid:gid, never following a link. */
export async function ownDirectories(dir: string, uid: number, gid: number): Promise<void> {
  await lchown(dir, uid, gid);
  for (const entry of await readdir(dir, { withFileTypes: true }))
    if (entry.isDirectory()) await ownDirectories(path.join(dir, entry.name), uid, gid);
}

/**
 * Seeds a run's plugin directory from the shared one: the directories (which the caller then gives
 * to the engine, so it may add providers), and the files hard-linked (or copied across devices)
 * and left the action's, so the engine can read them but not change what the next run gets.
 * Links in the shared directory are skipped.
 */
export async function seedPlugins(shared: string, own: string): Promise<void> {
  await mkdir(own, { recursive: true, mode: 0o755 });
  const entries = await readdir(shared, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const from = path.join(shared, entry.name);
    const to = path.join(own, entry.name);
    if (entry.isDirectory()) await seedPlugins(from, to);
    else if (entry.isFile())
      await link(from, to).catch(() => copyFile(from, to, constants.COPYFILE_EXCL));
  }
}

/**
 * Copies providers the engine added to its own directory back into the shared one: regular files
 * only, never over an existing file. Terraform checks a cached provider against the checksums in
 * `.terraform.lock.hcl` before using it, and the shared cache is only persisted with a lock file
 * (plugin-cache.ts), so a tampered file cannot be installed by a later run of another module.
 */
export async function saveNewPlugins(own: string, shared: string): Promise<number> {
  let saved = 0;
  for (const entry of await readdir(own, { withFileTypes: true }).catch(() => [])) {
    const from = path.join(own, entry.name);
    const to = path.join(shared, entry.name);
    if (entry.isDirectory()) {
      await mkdir(to, { recursive: true });
      saved += await saveNewPlugins(from, to);
    } else if (entry.isFile() && !(await lstat(to).catch(() => undefined))) {
      await copyFile(from, to, constants.COPYFILE_EXCL);
      saved++;
    }
  }
  return saved;
}
