/**
 * Version resolution, as a table: Terraform's constraint language on top of semver (`~>` and
 * partial versions included), and the order of sources (input → version file → required_version
 * → latest stable), with the source named.
 */
import path from 'node:path';
import { parseVersionRequest } from '../../src/config/engine-config.js';
import { fromHcl } from '../../src/engine/required-version.js';
import { resolveVersion, type ResolveDeps } from '../../src/engine/resolve-version.js';
import { parseConstraint, pickVersion, satisfies } from '../../src/lib/version-constraint.js';

const RELEASES = [
  '0.15.5',
  '1.0.0',
  '1.2.0',
  '1.2.3',
  '1.2.9',
  '1.3.0',
  '1.5.7',
  '1.9.0',
  '1.9.8',
  '1.10.0-rc1',
  '1.10.0',
  '1.10.5',
  '1.11.4',
  '1.12.0-beta1',
  '2.0.0',
];

describe('the constraint language (hashicorp/go-version semantics)', () => {
  it.each([
    ['~> 1.2', '1.2.0', true],
    ['~> 1.2', '1.9.8', true],
    ['~> 1.2', '2.0.0', false],
    ['~> 1.2', '1.1.9', false],
    ['~> 1.2.3', '1.2.9', true],
    ['~> 1.2.3', '1.3.0', false],
    ['~> 1.2.3', '1.2.2', false],
    ['~> 1', '1.11.4', true],
    ['~> 1', '2.0.0', false],
    ['~> 1.10.0', '1.10.5', true],
    ['~> 1.10.0', '1.11.0', false],
    ['= 1.2', '1.2.0', true],
    ['= 1.2', '1.2.3', false],
    ['1.9.8', '1.9.8', true],
    ['v1.9.8', '1.9.8', true],
    ['!= 1.9.8', '1.9.8', false],
    ['>= 1.5, < 2.0', '1.11.4', true],
    ['>= 1.5, < 2.0', '2.0.0', false],
    ['>= 1.5, != 1.9.8', '1.9.8', false],
    ['> 1.9', '1.9.0', false],
    ['<= 1.9', '1.9.0', true],
    ['>= 1.9', '1.10.0-rc1', false],
    ['>= 1.10.0-beta1', '1.10.0-rc1', true],
    ['= 1.12.0-beta1', '1.12.0-beta1', true],
  ])('%s admits %s: %s', (constraint, version, expected) => {
    expect(satisfies(version, parseConstraint(constraint)!)).toBe(expected);
  });

  it.each(['', 'latest', '~>', '>= one', '1.2.3.4', '^1.2', '1.x', '>= 1.2 || < 1.0'])(
    'refuses %j',
    (text) => {
      expect(parseConstraint(text)).toBeUndefined();
    },
  );

  it('picks the highest (or lowest) listed release satisfying every constraint', () => {
    const c = [parseConstraint('~> 1.2')!, parseConstraint('< 1.10')!];
    expect(pickVersion(RELEASES, c)).toBe('1.9.8');
    expect(pickVersion(RELEASES, c, 'lowest')).toBe('1.2.0');
  });

  it('reads engine-version as exact, constraint or latest', () => {
    expect(parseVersionRequest('v1.9.8')).toEqual({ kind: 'exact', version: '1.9.8' });
    expect(parseVersionRequest('latest')).toEqual({ kind: 'latest' });
    expect(parseVersionRequest('~> 1.9')?.kind).toBe('constraint');
    expect(parseVersionRequest('1.9')?.kind).toBe('constraint');
    expect(parseVersionRequest('one')).toBeUndefined();
  });
});

describe('required_version in HCL', () => {
  it.each<[string, string, string[]]>([
    ['a plain terraform block', 'terraform {\n  required_version = ">= 1.5"\n}', ['>= 1.5']],
    [
      'two terraform blocks',
      'terraform { required_version = "~> 1.9" }\nterraform {\n required_version = "!= 1.9.3"\n}',
      ['~> 1.9', '!= 1.9.3'],
    ],
    [
      'a commented-out one',
      '# required_version = "1.0.0"\n// terraform { required_version = "1" }\n/* terraform { required_version = "2" } */\nterraform { required_version = ">= 1.5" }',
      ['>= 1.5'],
    ],
    [
      'one inside a string or heredoc',
      'locals {\n  x = "terraform { required_version = \\"9\\" }"\n  y = <<EOT\nterraform {\n  required_version = "8"\n}\nEOT\n}\nterraform { required_version = "1.11.4" }',
      ['1.11.4'],
    ],
    [
      'a nested block in terraform {}',
      'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "~> 5.0" }\n  }\n  required_version = ">= 1.6"\n}',
      ['>= 1.6'],
    ],
    [
      'an attribute of another block',
      'module "x" {\n  source = "./x"\n  required_version = "0.1"\n}\nresource "a" "b" {\n  terraform {\n    required_version = "0.2"\n  }\n}',
      [],
    ],
    [
      'a template with quotes',
      'locals { s = "${format("%s}", "terraform {")}" }\nterraform { required_version = ">= 1.0" }',
      ['>= 1.0'],
    ],
    ['none', 'resource "terraform_data" "x" {}', []],
  ])('%s', (_name, hcl, expected) => {
    expect(fromHcl(hcl)).toEqual(expected);
  });
});

/** An in-memory working directory and release index. */
function fakeDeps(
  files: Record<string, string>,
  releases = RELEASES,
): ResolveDeps & { listed: number } {
  const deps = {
    listed: 0,
    readText: async (file: string) => files[file],
    listDir: async (dir: string) =>
      Object.keys(files)
        .filter((f) => path.dirname(f) === dir)
        .map((f) => path.basename(f)),
    listReleases: async () => {
      deps.listed++;
      return releases;
    },
  };
  return deps;
}

describe('which source wins', () => {
  const ws = '/ws';
  const wd = '/ws/infra';
  it.each<[string, string | undefined, Record<string, string>, string, RegExp, boolean]>([
    [
      'engine-version beats everything',
      '1.9.8',
      {
        '/ws/infra/.terraform-version': '1.5.7',
        '/ws/infra/main.tf': 'terraform { required_version = ">= 1.0" }',
      },
      '1.9.8',
      /^input 'engine-version'$/,
      false,
    ],
    [
      'an engine-version constraint is resolved with the module constraint',
      '~> 1.9',
      { '/ws/infra/main.tf': 'terraform { required_version = "< 1.10" }' },
      '1.9.8',
      /^input 'engine-version'$/,
      true,
    ],
    [
      '.terraform-version beats required_version',
      undefined,
      {
        '/ws/infra/.terraform-version': '1.10.5\n',
        '/ws/infra/main.tf': 'terraform { required_version = ">= 1.0" }',
      },
      '1.10.5',
      /^infra\/\.terraform-version$/,
      false,
    ],
    [
      '.terraform-version in a parent directory',
      undefined,
      { '/ws/.terraform-version': '1.5.7' },
      '1.5.7',
      /^\.terraform-version$/,
      false,
    ],
    [
      'asdf .tool-versions',
      undefined,
      { '/ws/infra/.tool-versions': 'nodejs 20.1.0\nterraform 1.9.0 # pinned\n' },
      '1.9.0',
      /\.tool-versions$/,
      false,
    ],
    [
      'min-required in .terraform-version',
      undefined,
      {
        '/ws/infra/.terraform-version': 'min-required',
        '/ws/infra/main.tf': 'terraform { required_version = "~> 1.2.3" }',
      },
      '1.2.3',
      /lowest release satisfying required_version '~> 1.2.3' \(main\.tf\)/,
      true,
    ],
    [
      'required_version from .tf files',
      undefined,
      { '/ws/infra/versions.tf': 'terraform { required_version = "~> 1.9.0" }' },
      '1.9.8',
      /^highest release satisfying required_version '~> 1.9.0' \(versions\.tf\)$/,
      true,
    ],
    [
      'required_version from .tf.json',
      undefined,
      { '/ws/infra/main.tf.json': '{"terraform": [{"required_version": "< 1.3"}]}' },
      '1.2.9',
      /main\.tf\.json/,
      true,
    ],
    [
      'latest stable when nothing says',
      undefined,
      { '/ws/infra/main.tf': 'resource "x" "y" {}' },
      '2.0.0',
      /^latest stable release/,
      true,
    ],
    ["'latest' skips pre-releases", 'latest', {}, '2.0.0', /^input 'engine-version'$/, true],
  ])('%s', async (_name, input, files, version, source, network) => {
    const deps = fakeDeps(files);
    const resolved = await resolveVersion(
      input === undefined ? undefined : parseVersionRequest(input),
      wd,
      ws,
      'terraform',
      deps,
    );
    expect(resolved.version).toBe(version);
    expect(resolved.source).toMatch(source);
    expect(deps.listed > 0).toBe(network);
  });

  it('OpenTofu reads .opentofu-version and .tofu files (which replace the .tf of the same name)', async () => {
    const deps = fakeDeps({
      '/ws/infra/.terraform-version': '1.5.7',
      '/ws/infra/versions.tf': 'terraform { required_version = "< 1.0" }',
      '/ws/infra/versions.tofu': 'terraform { required_version = ">= 1.9" }',
    });
    expect((await resolveVersion(undefined, wd, ws, 'opentofu', deps)).version).toBe('2.0.0');
    const tofuFiles: Record<string, string> = {
      '/ws/infra/.opentofu-version': '1.10.0',
      '/ws/infra/versions.tofu': 'terraform { required_version = ">= 1.9" }',
    };
    const tofuDeps = { ...fakeDeps(tofuFiles), readText: async (f: string) => tofuFiles[f] };
    expect(await resolveVersion(undefined, wd, ws, 'opentofu', tofuDeps)).toEqual({
      version: '1.10.0',
      source: 'infra/.opentofu-version',
    });
  });

  it('refuses an exact version the module does not allow, naming both', async () => {
    const deps = fakeDeps({
      '/ws/infra/versions.tf': 'terraform { required_version = ">= 1.10" }',
    });
    await expect(
      resolveVersion(parseVersionRequest('1.9.8'), wd, ws, 'terraform', deps),
    ).rejects.toThrow(
      "input 'engine-version' gives version 1.9.8, but the module's required_version '>= 1.10' (versions.tf) does not allow it. Change one of them.",
    );
  });

  it('refuses a constraint nothing satisfies, and an invalid required_version', async () => {
    await expect(
      resolveVersion(parseVersionRequest('~> 3.0'), wd, ws, 'terraform', fakeDeps({})),
    ).rejects.toThrow("No terraform release satisfies '~> 3.0' from input 'engine-version'.");
    await expect(
      resolveVersion(
        undefined,
        wd,
        ws,
        'terraform',
        fakeDeps({ '/ws/infra/main.tf': 'terraform { required_version = "one" }' }),
      ),
    ).rejects.toThrow("required_version 'one' in main.tf is not a valid version constraint.");
    await expect(
      resolveVersion(
        undefined,
        wd,
        ws,
        'terraform',
        fakeDeps({ '/ws/infra/.terraform-version': 'banana' }),
      ),
    ).rejects.toThrow("infra/.terraform-version says 'banana', which is not a version.");
  });
});
