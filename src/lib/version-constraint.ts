/**
 * Terraform's version constraint language (hashicorp/go-version, also used by OpenTofu) on top of
 * `semver`: `= != > >= < <= ~>`, comma-separated clauses that must all hold, partial versions.
 *
 * Where it differs from npm ranges:
 * - a partial version is padded with zeros: `= 1.2` means exactly 1.2.0 (npm would read 1.2.x);
 * - `~>` (pessimistic) lets only the right-most given segment grow: `~> 1.2` = `>= 1.2.0, < 2.0.0`,
 *   `~> 1.2.3` = `>= 1.2.3, < 1.3.0`, `~> 1` = `>= 1.0.0, < 2.0.0`;
 * - a pre-release only satisfies a constraint that names a pre-release of the same version
 *   (`>= 1.10.0-beta1` admits 1.10.0-rc1; `>= 1.9` does not admit 1.10.0-rc1).
 */
// semver's parts, not its index: the index loads every range function too, and engine-config.ts
// (parsed at start-up) needs only these.
import SemVer from 'semver/classes/semver.js';
import compare from 'semver/functions/compare.js';
import parse from 'semver/functions/parse.js';
import prerelease from 'semver/functions/prerelease.js';
import valid from 'semver/functions/valid.js';

type Op = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~>';

interface Clause {
  readonly op: Op;
  readonly version: SemVer;
  /** How many numeric segments were written (for `~>`). */
  readonly segments: number;
}

export interface Constraint {
  readonly text: string;
  readonly clauses: readonly Clause[];
}

const CLAUSE =
  /^\s*(=|!=|>=|<=|>|<|~>)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?\s*$/;

/** Parses `~> 1.9, != 1.9.3`; undefined when any clause is not valid. */
export function parseConstraint(text: string): Constraint | undefined {
  if (text.trim() === '') return undefined;
  const clauses: Clause[] = [];
  for (const part of text.split(',')) {
    const m = CLAUSE.exec(part);
    if (!m) return undefined;
    const [, op = '=', major, minor, patch, pre = ''] = m;
    const segments = 1 + (minor !== undefined ? 1 : 0) + (patch !== undefined ? 1 : 0);
    const version = parse(`${major}.${minor ?? 0}.${patch ?? 0}${pre}`);
    if (!version) return undefined;
    clauses.push({ op: op as Op, version, segments });
  }
  return { text: text.trim(), clauses };
}

/** An exact version as written by users (`1.9.8`, `v1.9.8`, `1.10.0-rc1`), normalised. */
export function parseExactVersion(text: string): string | undefined {
  const m = /^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/.exec(text.trim());
  return m ? (valid(m[1]!) ?? undefined) : undefined;
}

function clauseHolds(v: SemVer, c: Clause): boolean {
  const cmp = compare(v, c.version);
  switch (c.op) {
    case '=':
      return cmp === 0;
    case '!=':
      return cmp !== 0;
    case '>':
      return cmp > 0;
    case '>=':
      return cmp >= 0;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '~>': {
      if (cmp < 0) return false;
      // The upper bound: bump the segment left of the right-most one given.
      const upper =
        c.segments <= 2
          ? new SemVer(`${c.version.major + 1}.0.0`)
          : new SemVer(`${c.version.major}.${c.version.minor + 1}.0`);
      return compare(v, upper) < 0 && !(v.prerelease.length > 0 && compare(v, upper) === 0);
    }
  }
}

/** Whether `version` satisfies every clause (see the pre-release rule above). */
export function satisfies(version: string, constraint: Constraint): boolean {
  const v = parse(version);
  if (!v) return false;
  if (v.prerelease.length > 0) {
    const sameCoreWithPre = constraint.clauses.some(
      (c) =>
        c.version.prerelease.length > 0 &&
        c.version.major === v.major &&
        c.version.minor === v.minor &&
        c.version.patch === v.patch,
    );
    if (!sameCoreWithPre) return false;
  }
  return constraint.clauses.every((c) => clauseHolds(v, c));
}

/** The highest (or lowest) listed version satisfying all constraints, if any. */
export function pickVersion(
  versions: readonly string[],
  constraints: readonly Constraint[],
  which: 'highest' | 'lowest' = 'highest',
): string | undefined {
  const matching = versions.filter((v) => constraints.every((c) => satisfies(v, c)));
  const sorted = matching.sort(compare);
  return which === 'highest' ? sorted.at(-1) : sorted[0];
}

/** The newest stable (non-pre-release) version. */
export const latestStable = (versions: readonly string[]): string | undefined =>
  versions
    .filter((v) => valid(v) && prerelease(v) === null)
    .sort(compare)
    .at(-1);
