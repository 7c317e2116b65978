/**
 * Annotation paths: GitHub links an annotation's file relative to the repository root, so a
 * diagnostic from a cloned source must name its file relative to the clone, never `../../_temp/…`.
 */
import path from 'node:path';
import { annotate, repositoryPath } from '../../src/engine/diagnostics.js';
import { recordingIO } from '../harness/fake-io.js';

const temp = path.resolve('/runner/_temp');
const clone = path.join(temp, 'grape-source', 'dep_0123456789abcdef0123');
const workspace = path.resolve('/runner/work/grape-runner/grape-runner');

describe('a diagnostic in a cloned module', () => {
  it('is annotated relative to the clone, with forward slashes', () => {
    const io = recordingIO();
    annotate(
      io,
      {
        severity: 'error',
        summary: 'Reference to undeclared input variable',
        detail: 'x',
        file: 'main.tf',
        line: 2,
      },
      path.join(clone, 'stacks', 'hello'),
      clone,
    );
    expect(io.annotations).toEqual([
      {
        level: 'error',
        message: 'Reference to undeclared input variable\n\nx',
        props: {
          title: 'Reference to undeclared input variable',
          file: 'stacks/hello/main.tf',
          startLine: 2,
        },
      },
    ]);
  });

  it('names a file outside the repository in the message instead of a path GitHub cannot link', () => {
    const io = recordingIO();
    annotate(
      io,
      {
        severity: 'warning',
        summary: 'Deprecated',
        detail: '',
        file: '../../elsewhere.tf',
        line: 1,
      },
      path.join(clone, 'stacks', 'hello'),
      workspace,
    );
    expect(io.annotations[0]!.props).toEqual({ title: 'Deprecated', startLine: 1 });
    expect(io.annotations[0]!.message).toBe(`Deprecated (in ${path.join(clone, 'elsewhere.tf')})`);
  });
});

describe('repositoryPath', () => {
  it.each([
    [workspace, path.join(workspace, 'infra', 'main.tf'), 'infra/main.tf'],
    [clone, path.join(clone, 'main.tf'), 'main.tf'],
    [workspace, path.join(clone, 'main.tf'), undefined],
    [workspace, workspace, undefined],
  ])('under %s, %s is %s', (root, file, expected) => {
    expect(repositoryPath(root, file)).toBe(expected);
  });
});
