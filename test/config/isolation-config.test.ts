/** The `isolation` and `engine-user` inputs (src/config/isolation-config.ts), odd values included. */
import { InputReader } from '../../src/inputs/input-reader.js';
import { ENGINE_ID_RANGE, readIsolationConfig } from '../../src/config/isolation-config.js';

function read(inputs: Record<string, string>, spec?: { requireIsolation?: boolean }) {
  const reader = new InputReader((name) => inputs[name] ?? '');
  const config = readIsolationConfig(reader, spec);
  return { config, problems: reader.problems.map((p) => p.message) };
}

describe('the isolation configuration', () => {
  it('gives each run a uid of its own from the default range when engine-user is empty', () => {
    expect(read({ isolation: 'on' }).config).toEqual({
      mode: 'on',
      engineUser: { kind: 'per-run', first: 1879048192, last: 1879113727 },
      requiredBySpec: false,
    });
    expect(ENGINE_ID_RANGE).toEqual({ first: 0x70000000, last: 0x7000ffff });
  });

  it('takes a range of its own, a fixed account or a fixed uid:gid', () => {
    expect(read({ 'engine-user': '200000-200999' }).config.engineUser).toEqual({
      kind: 'per-run',
      first: 200000,
      last: 200999,
    });
    expect(read({ 'engine-user': 'grape-engine' }).config.engineUser).toEqual({
      kind: 'fixed',
      user: 'grape-engine',
    });
    expect(read({ 'engine-user': '64010:64010' }).config.engineUser).toEqual({
      kind: 'fixed',
      user: '64010:64010',
    });
  });

  it('is required whatever the input says when the spec requires it', () => {
    expect(read({ isolation: 'off' }, { requireIsolation: true }).config).toMatchObject({
      mode: 'required',
      requiredBySpec: true,
    });
  });

  describe('odd inputs', () => {
    it.each([
      [
        '0-100',
        'not a range of unprivileged ids (first from 1, last up to 2147483646, first <= last)',
      ],
      [
        '300-200',
        'not a range of unprivileged ids (first from 1, last up to 2147483646, first <= last)',
      ],
      [
        '1-4294967295',
        'not a range of unprivileged ids (first from 1, last up to 2147483646, first <= last)',
      ],
      ['0:0', 'not an unprivileged user name, uid:gid or range of ids'],
      ['Root User', 'not an unprivileged user name, uid:gid or range of ids'],
    ])("refuses engine-user '%s', naming the input and a good value", (value, problem) => {
      const { problems } = read({ 'engine-user': value });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(new RegExp(`^Input 'engine-user' is '${value}': `));
      expect(problems[0]).toContain(problem);
    });
  });
});
