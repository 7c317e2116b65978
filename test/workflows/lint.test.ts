import { jest } from '@jest/globals';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { actionlint, validateActionSchema, validateWorkflowSchema } from './linters.js';
import { readRepoFile, repoRoot, workflowPaths } from './workflow-files.js';

const files = workflowPaths();

// action-validator warns (on the console) that it does not check `paths` globs; nothing to see.
beforeAll(() => {
  const warn = console.warn;
  jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    if (!String(args[0]).includes('Glob validation is not yet supported')) warn(...args);
  });
});
afterAll(() => jest.restoreAllMocks());

describe('workflow files', () => {
  it('are all found (runner, reusable, examples and the project CI)', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'workflows/grape-runner.yml',
        'workflows/grape-deploy.yml',
        'workflows/examples/deploy.yml',
        'workflows/examples/drift-check.yml',
        '.github/workflows/ci.yml',
        '.github/workflows/check-dist.yml',
        '.github/workflows/release.yml',
        '.github/workflows/grape-deploy.yml',
      ]),
    );
  });

  describe.each(files)('%s', (file) => {
    it('passes actionlint', async () => {
      expect(await actionlint(readRepoFile(file), file)).toEqual([]);
    });

    it("passes action-validator's schema check", () => {
      expect(validateWorkflowSchema(readRepoFile(file))).toEqual([]);
    });
  });
});

const actionYml = path.join(repoRoot, 'action.yml');
(existsSync(actionYml) ? describe : describe.skip)(
  existsSync(actionYml)
    ? 'action.yml'
    : 'action.yml [skipped: no action.yml at the repository root yet]',
  () => {
    it("passes action-validator's schema check", () => {
      expect(validateActionSchema(readRepoFile('action.yml'))).toEqual([]);
    });
  },
);

describe('the linters, given broken workflows', () => {
  const broken = [
    'on: push',
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-24.04',
    '    steps:',
    '      - run: echo "${{ github.event.pull_request.title }}"',
    '      - uses: actions/checkout@v4',
    '        with:',
    '          persistcredentials: false',
    '    timeout-minutes: ${{ inputs.nope }}',
  ].join('\n');

  it('actionlint reports an untrusted expression in a script and an undefined context', async () => {
    const findings = await actionlint(broken, 'broken.yml');
    expect(findings.join('\n')).toMatch(
      /github\.event\.pull_request\.title.*potentially untrusted/,
    );
    expect(findings.join('\n')).toMatch(
      /undefined variable "inputs"|property "nope" is not defined/,
    );
  });

  it('action-validator reports a job that is not a job', () => {
    expect(validateWorkflowSchema('on: push\njobs:\n  build:\n    steps: 3\n')).not.toEqual([]);
  });
});
