/**
 * The one module-path resolver (contract/module-path.ts), used by the action's working-directory
 * and the local executor: a path inside the source root resolves; '..', an absolute path elsewhere
 * and a symbolic link out of the root are refused with the path as given and how it escapes.
 */
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ModulePathError,
  relativeModulePath,
  resolveModuleDirectory,
  resolveModulePath,
} from '../../contract/module-path.js';

let base: string;
let root: string;
let outside: string;
beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'grape-module-path-'));
  root = path.join(base, 'workspace');
  outside = path.join(base, 'elsewhere');
  await mkdir(path.join(root, 'infra', 'prod'), { recursive: true });
  await mkdir(outside, { recursive: true });
  await symlink(outside, path.join(root, 'escape'));
  await symlink(path.join(root, 'infra'), path.join(root, 'stacks'));
});
afterAll(() => rm(base, { recursive: true, force: true }));

const refusal = (run: () => unknown): ModulePathError => {
  try {
    run();
  } catch (error) {
    if (error instanceof ModulePathError) return error;
    throw error;
  }
  throw new Error('expected a ModulePathError');
};

describe('resolveModulePath (the text of the path)', () => {
  it.each([
    ['infra/prod', 'infra/prod'],
    ['./infra/prod/', 'infra/prod'],
    ['', '.'],
    ['.', '.'],
    ['infra/../infra', 'infra'],
    ['..data', '..data'],
  ])("resolves '%s' under the root", (given, expected) => {
    expect(relativeModulePath(root, resolveModulePath(root, given))).toBe(expected);
  });

  it('accepts an absolute path inside the root', () => {
    expect(resolveModulePath(root, path.join(root, 'infra'))).toBe(path.join(root, 'infra'));
  });

  it.each([
    ['..', "The module path '..' leaves the source root through '..'."],
    ['../elsewhere', "The module path '../elsewhere' leaves the source root through '..'."],
    ['infra/../../x', "The module path 'infra/../../x' leaves the source root through '..'."],
    ['/etc', "The module path '/etc' is an absolute path outside the source root."],
  ])("refuses '%s', naming it", (given, message) => {
    const error = refusal(() => resolveModulePath(root, given));
    expect([error.value, error.message]).toEqual([given, message]);
  });
});

describe('resolveModuleDirectory (the path on disk)', () => {
  it('resolves a real directory, and a link that stays inside the root', async () => {
    await expect(resolveModuleDirectory(root, 'infra/prod')).resolves.toBe(
      path.join(root, 'infra', 'prod'),
    );
    await expect(resolveModuleDirectory(root, 'stacks/prod')).resolves.toBe(
      path.join(root, 'stacks', 'prod'),
    );
  });

  it('refuses a symbolic link out of the root, naming the path and where it leads', async () => {
    const error = await resolveModuleDirectory(root, 'escape').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModulePathError);
    expect((error as ModulePathError).message).toBe(
      `The module path 'escape' leads through a symbolic link to ${outside}, outside the source root.`,
    );
  });

  it("refuses '..' before looking at the disk", async () => {
    await expect(resolveModuleDirectory(root, '../elsewhere')).rejects.toThrow(
      "The module path '../elsewhere' leaves the source root through '..'.",
    );
  });

  it('lets a directory that does not exist through, for the engine to report', async () => {
    await expect(resolveModuleDirectory(root, 'infra/missing')).resolves.toBe(
      path.join(root, 'infra', 'missing'),
    );
  });
});
