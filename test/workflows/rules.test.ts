import { parse } from 'yaml';
import { findScriptExpressions, findUnpinnedUses } from './workflow-rules.js';
import type { Workflow } from './workflow-files.js';
import { loadWorkflow, readRepoFile, workflowPaths } from './workflow-files.js';

describe.each(workflowPaths())('%s', (file) => {
  it('passes inputs and event data to scripts only through env:', () => {
    expect(findScriptExpressions(loadWorkflow(file))).toEqual([]);
  });

  it('pins every third-party action to a commit SHA with its release in a comment', () => {
    expect(findUnpinnedUses(readRepoFile(file))).toEqual([]);
  });
});

describe('the rules, given offending workflows', () => {
  const offending = parse(`
on: push
jobs:
  a:
    runs-on: ubuntu-24.04
    steps:
      - name: inline
        run: echo "\${{ github.event.issue.title }}"
      - name: safe
        env: { TITLE: "\${{ github.event.issue.title }}" }
        run: echo "$TITLE"
      - name: script
        uses: actions/github-script@ed597411d8f924073f98dfc5c65a23a2325f34cd # v8.0.0
        with:
          script: console.log("\${{ inputs.x }}")
`) as Workflow;

  it('names each script that expands an expression, and only those', () => {
    expect(findScriptExpressions(offending)).toEqual([
      { where: 'jobs.a.steps[0] (inline)', problem: expect.stringContaining('run') },
      { where: 'jobs.a.steps[2] (script)', problem: expect.stringContaining('script') },
    ]);
  });

  it('refuses tags, short SHAs and SHAs without a release comment, and allows our own action', () => {
    const source = [
      '      - uses: actions/checkout@v4',
      '      - uses: actions/checkout@3d3c42e',
      '      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1',
      '      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1',
      '        uses: grape/deploy@v1',
      '      - uses: ./local-action',
      '    uses: grape/deploy/.github/workflows/grape-deploy.yml@v1',
      '    uses: evil/deploy/.github/workflows/x.yml@main',
    ].join('\n');
    expect(findUnpinnedUses(source).map((f) => f.where)).toEqual([
      'line 1: actions/checkout@v4',
      'line 2: actions/checkout@3d3c42e',
      'line 3: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1',
      'line 8: evil/deploy/.github/workflows/x.yml@main',
    ]);
  });
});
