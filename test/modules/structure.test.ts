import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Block } from './module-files.js';
import {
  allTfFiles,
  exampleDirs,
  moduleNames,
  modulesDir,
  parseDir,
  parseTf,
  repoRoot,
} from './module-files.js';

const expectedModules = [
  'azure-bootstrap',
  'azure-secret-store',
  'eks',
  'gcp-bootstrap',
  'gcp-secret-store',
  'github-oidc-role',
  'grape-bootstrap',
  'network',
  'rds-postgres',
  's3-bucket',
  'secret-store',
  'state-backend',
];

/** Provider constraints must have a floor and a ceiling (no surprise major upgrades). */
const BOUNDED = /^>=\s*\d+\.\d+(\.\d+)?,\s*<\s*\d+(\.\d+)*$|^~>\s*\d+\.\d+(\.\d+)?$/;
const EXACT = /^\d+\.\d+\.\d+$/;
/** The provider a module's examples configure: AWS unless the module is another cloud's. */
const cloudProvider: Readonly<Record<string, string>> = {
  'azure-bootstrap': 'azurerm',
  'azure-secret-store': 'azurerm',
  'gcp-bootstrap': 'google',
  'gcp-secret-store': 'google',
};
/** Arguments of a module block that are Terraform's, not the module's variables. */
const META_ARGUMENTS = new Set([
  'source',
  'version',
  'count',
  'for_each',
  'providers',
  'depends_on',
]);
/** Resources of one type that come in kinds (terraform-aws-modules names these too). */
const namedOnPurpose = new Set([
  'aws_vpc_security_group_ingress_rule.cidr',
  'aws_vpc_security_group_ingress_rule.security_group',
  // azure-secret-store: the writers' assignments come before the secrets, the readers' after.
  'azurerm_role_assignment.writers',
  'azurerm_role_assignment.readers',
]);

describe('modules/', () => {
  it('has every module of the design', () => {
    expect(moduleNames).toEqual(expectedModules);
  });

  it.each(allTfFiles())('%s parses as HCL', async (file) => {
    await expect(parseTf(file)).resolves.toEqual(expect.any(Object));
  });

  it('is formatted as `terraform fmt` would (real Terraform binary)', () => {
    const result = spawnSync(
      'terraform',
      ['fmt', '-check', '-recursive', '-list=true', modulesDir],
      {
        encoding: 'utf8',
        env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null' },
      },
    );
    expect(result.error).toBeUndefined();
    expect({ status: result.status, unformatted: result.stdout.trim() }).toEqual({
      status: 0,
      unformatted: '',
    });
  });
});

describe.each(expectedModules)('modules/%s', (name) => {
  const dir = path.join(modulesDir, name);

  it('has the standard layout and at least one example', () => {
    for (const file of ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf', 'README.md']) {
      expect(existsSync(path.join(dir, file)) ? file : `${file} missing`).toBe(file);
    }
    expect(exampleDirs(name).length).toBeGreaterThan(0);
  });

  it('types and describes every variable', async () => {
    const { variable = {} } = await parseDir(dir);
    const problems = Object.entries(variable).flatMap(([v, [body]]) => [
      ...(typeof body?.['type'] === 'string' ? [] : [`${v}: no type`]),
      ...(typeof body?.['description'] === 'string' && body['description'] !== ''
        ? []
        : [`${v}: no description`]),
    ]);
    expect(Object.keys(variable).length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('describes every output', async () => {
    const { output = {} } = await parseDir(dir);
    const undescribed = Object.entries(output)
      .filter(([, [body]]) => typeof body?.['description'] !== 'string')
      .map(([o]) => o);
    expect(Object.keys(output).length).toBeGreaterThan(0);
    expect(undescribed).toEqual([]);
  });

  it('requires a Terraform version and bounds every provider version', async () => {
    const terraform = (await parseTf(`modules/${name}/versions.tf`))['terraform'] as Block[];
    const body = terraform[0] ?? {};
    expect(body['required_version']).toMatch(/^>=\s*1\.\d+/);
    const providers = Object.assign(
      {},
      ...((body['required_providers'] as Block[]) ?? []),
    ) as Record<string, { source?: string; version?: string }>;
    expect(Object.keys(providers).length).toBeGreaterThan(0);
    for (const [provider, constraint] of Object.entries(providers)) {
      expect({ provider, source: constraint.source, version: constraint.version }).toEqual({
        provider,
        source: expect.stringMatching(/^[\w-]+\/[\w-]+$/),
        version: expect.stringMatching(BOUNDED),
      });
    }
  });

  it('pins registry module sources to exact versions, and names its resources `this`', async () => {
    const { module: modules = {}, resource = {} } = await parseDir(dir);
    for (const [call, [body]] of Object.entries(modules)) {
      const source = String(body?.['source'] ?? '');
      if (source.startsWith('./') || source.startsWith('../')) continue;
      expect({ call, source, version: body?.['version'] }).toEqual({
        call,
        source: expect.stringMatching(/^terraform-aws-modules\/[\w-]+\/aws$/),
        version: expect.stringMatching(EXACT),
      });
    }
    // hcl2json gives resource blocks as { type: [{ name: [body] }] }.
    const addresses = Object.entries(resource).flatMap(([type, blocks]) =>
      blocks.flatMap((b) => Object.keys(b).map((n) => `${type}.${n}`)),
    );
    const notThis = addresses.filter((a) => !a.endsWith('.this') && !namedOnPurpose.has(a));
    expect(notThis).toEqual([]);
  });

  it.each(exampleDirs(name).map((d) => path.relative(repoRoot, d)))(
    'example %s gives the module only variables it declares, and every required one',
    async (example) => {
      const { variable = {} } = await parseDir(dir);
      const required = Object.entries(variable)
        .filter(([, [body]]) => !('default' in (body ?? {})))
        .map(([v]) => v);
      const calls = Object.entries((await parseDir(path.join(repoRoot, example)))['module'] ?? {});
      const problems = calls
        .filter(([, [body]]) => body?.['source'] === '../..')
        .flatMap(([call, [body]]) => [
          ...Object.keys(body ?? {})
            .filter((arg) => !META_ARGUMENTS.has(arg) && !(arg in variable))
            .map((arg) => `${call}: no variable '${arg}'`),
          ...required.filter((v) => !(v in (body ?? {}))).map((v) => `${call}: '${v}' missing`),
        ]);
      expect(problems).toEqual([]);
    },
  );

  it.each(exampleDirs(name).map((d) => path.relative(repoRoot, d)))(
    'example %s is a root module with a provider and required providers',
    async (example) => {
      const parsed = await parseDir(path.join(repoRoot, example));
      expect(Object.keys(parsed['provider'] ?? {})).toContain(cloudProvider[name] ?? 'aws');
      const terraform = (parsed['terraform']?.['_'] ?? []) as Block[];
      expect(terraform.some((t) => t['required_providers'])).toBe(true);
      const sources = Object.values(parsed['module'] ?? {}).map(([b]) => String(b?.['source']));
      expect(sources).toContain('../..');
    },
  );
});
