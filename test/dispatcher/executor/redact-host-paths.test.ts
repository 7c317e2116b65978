/** Failure reasons shown to tenants carry no host paths. */
import { redactHostPaths } from '../../../dispatcher/src/executor/redact-host-paths.js';

const roots = [
  { dir: '/srv/grape/runs/17/workspace', label: '<workspace>' },
  { dir: '/srv/grape/runs', label: '<runs>' },
  { dir: '/home/op/infra', label: '<source>' },
];

describe('redactHostPaths', () => {
  it.each([
    [
      'Error: on /srv/grape/runs/17/workspace/main.tf line 3:',
      'Error: on <workspace>/main.tf line 3:',
    ],
    [
      "Could not prepare the workspace from /home/op/infra/stacks/x: ENOENT: no such file or directory, lstat '/home/op/infra/stacks/x'",
      "Could not prepare the workspace from <source>/stacks/x: ENOENT: no such file or directory, lstat '<source>/stacks/x'",
    ],
    ['log at /srv/grape/runs/18/log.txt', 'log at <runs>/18/log.txt'],
    ['open /var/lib/x.tfstate: permission denied', 'open <path>/x.tfstate: permission denied'],
    ['path=C:\\Users\\op\\main.tf', 'path=<path>/main.tf'],
  ])('%s', (input, expected) => {
    expect(redactHostPaths(input, roots)).toBe(expected);
  });

  it('leaves URLs, relative paths and ratios alone', () => {
    const text = 'see https://example.com/a/b, stacks/network and 1/2';
    expect(redactHostPaths(text, roots)).toBe(text);
  });

  it('does not take a root for a longer sibling directory', () => {
    expect(redactHostPaths('/home/op/infra2/x.tf', roots)).toBe('<path>/x.tf');
  });
});
