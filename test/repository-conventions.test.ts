/**
 * What a user, the Marketplace and npm read before any code: the licence package.json names, an
 * action.yml description the Marketplace accepts, and `engines` that are the Node versions the
 * suite runs on, the action runs on and every installed dependency accepts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as { license: string; engines: { node: string } };

describe('LICENSE', () => {
  it('is the full Apache License 2.0 that package.json names', () => {
    expect(pkg.license).toBe('Apache-2.0');
    const text = read('LICENSE');
    expect(text).toMatch(/^\s*Apache License\n\s*Version 2\.0, January 2004\n/);
    for (let section = 1; section <= 9; section++)
      expect(text).toMatch(new RegExp(`^\\s+${section}\\. [A-Z]`, 'm'));
    expect(text).toContain('END OF TERMS AND CONDITIONS');
  });
});

describe('action.yml', () => {
  const action = parse(read('action.yml')) as {
    name: string;
    description: string;
    runs: { using: string };
  };
  it('has a description the Marketplace accepts (under 125 characters)', () => {
    expect(action.description.length).toBeLessThan(125);
    expect(action.description).toMatch(/^Zero-key Terraform\/OpenTofu deployments/);
  });
});

describe('engines.node', () => {
  const range = pkg.engines.node;

  it('accepts the Node this suite runs on (.ci/run runs it on Node 24)', () => {
    expect([process.version, semver.satisfies(process.version, range)]).toEqual([
      process.version,
      true,
    ]);
  });

  it("accepts the action's runtime and the Node of the GitHub workflows", () => {
    const using = (parse(read('action.yml')) as { runs: { using: string } }).runs.using;
    const majors = [using, read('.github/workflows/ci.yml')]
      .flatMap((text) => [...text.matchAll(/node(?:-version:\s*|)(\d{2})\b/g)])
      .map((m) => `${m[1]}.0.0`);
    expect(majors.length).toBeGreaterThan(1);
    for (const version of majors)
      expect([version, semver.satisfies(version, range)]).toEqual([version, true]);
  });

  it('is within what every locked dependency declares it needs (no EBADENGINE)', () => {
    const lock = JSON.parse(read('package-lock.json')) as {
      packages: Record<string, { engines?: { node?: string } | string[] }>;
    };
    const refused = Object.entries(lock.packages).flatMap(([name, p]) => {
      const needs = Array.isArray(p.engines) ? undefined : p.engines?.node;
      return needs && !semver.subset(range, needs) ? [`${name} needs ${needs}`] : [];
    });
    expect(refused).toEqual([]);
  });
});
