import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  BEGIN_MARKER,
  END_MARKER,
  replaceDocs,
  syncModuleDocs,
} from '../../scripts/module-docs.mjs';
import { repoRoot } from './module-files.js';

describe('module README tables (scripts/module-docs.mjs)', () => {
  it('are current: regenerating them changes nothing', async () => {
    expect(await syncModuleDocs({ root: repoRoot, check: true })).toEqual([]);
  });

  it('list every variable and output of a module', () => {
    const readme = readFileSync(path.join(repoRoot, 'modules/grape-bootstrap/README.md'), 'utf8');
    expect(readme).toContain('| `external_id` | The tenant');
    expect(readme).toMatch(/\| `trusted_principal_arns` \|.*\| `list\(string\)` \| n\/a \| yes \|/);
    expect(readme).toMatch(/\| `max_session_duration` \|.*\| `number` \| `3600` \| no \|/);
    expect(readme).toContain('| `role_arn` |');
  });

  it('are reported stale after a variable changes, and rewritten', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'grape-docs-'));
    try {
      cpSync(path.join(repoRoot, 'modules/s3-bucket'), path.join(root, 'modules/s3-bucket'), {
        recursive: true,
      });
      const variables = path.join(root, 'modules/s3-bucket/variables.tf');
      writeFileSync(
        variables,
        readFileSync(variables, 'utf8').replace('Keep every version of every object.', 'Changed.'),
      );
      const readme = path.join(root, 'modules/s3-bucket/README.md');
      expect(await syncModuleDocs({ root, check: true })).toEqual([readme]);
      expect(readFileSync(readme, 'utf8')).not.toContain('Changed.');
      expect(await syncModuleDocs({ root })).toEqual([readme]);
      expect(readFileSync(readme, 'utf8')).toContain('| `versioning` | Changed. |');
      expect(await syncModuleDocs({ root, check: true })).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses a README without the markers', () => {
    expect(() => replaceDocs('# no markers', `${BEGIN_MARKER}\n${END_MARKER}`)).toThrow(/has no/);
  });
});
