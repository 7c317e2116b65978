/**
 * The emulation's file commands against actions/runner FileCommandManager.cs: the parser's forms
 * and refusals, the NODE_OPTIONS block, the 1 MiB step-summary limit.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  STEP_SUMMARY_LIMIT,
  createFileCommands,
  parseKeyValueFile,
  processFileCommands,
} from '../../../../dispatcher/src/executor/runner/file-commands.js';

describe('parseKeyValueFile (EnvFileKeyValuePairs)', () => {
  it('reads NAME=value lines, the value kept as written after the first =', () => {
    expect(parseKeyValueFile('a=1\nb=x=y\n\nc=\n')).toEqual([
      ['a', '1'],
      ['b', 'x=y'],
      ['c', ''],
    ]);
  });

  it('reads NAME<<DELIMITER heredocs, without the newline before the delimiter', () => {
    expect(parseKeyValueFile('json<<EOF_1\n{\n  "a": 1\n}\nEOF_1\nafter=yes\n')).toEqual([
      ['json', '{\n  "a": 1\n}'],
      ['after', 'yes'],
    ]);
    expect(parseKeyValueFile('empty<<X\nX\n')).toEqual([['empty', '']]);
  });

  it('takes whichever of = and << comes first', () => {
    expect(parseKeyValueFile('a=b<<c\n')).toEqual([['a', 'b<<c']]);
  });

  it('refuses what the runner refuses, with its messages', () => {
    expect(() => parseKeyValueFile('no separator\n')).toThrow("Invalid format 'no separator'");
    expect(() => parseKeyValueFile('<<EOF\nx\nEOF\n')).toThrow(
      "Invalid format '<<EOF'. Name must not be empty and delimiter must not be empty",
    );
    expect(() => parseKeyValueFile('a<<EOF\nx\n')).toThrow(
      "Invalid value. Matching delimiter not found 'EOF'",
    );
    expect(() => parseKeyValueFile('a<<EOF\nx')).toThrow(
      'Invalid value. EOF marker missing new line.',
    );
  });
});

describe('processFileCommands', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'grape-fc-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('creates one empty file per command and reads them all back', async () => {
    const files = await createFileCommands(dir);
    expect(path.basename(files.GITHUB_OUTPUT)).toMatch(/^set_output_[0-9a-f-]{36}$/);
    await writeFile(files.GITHUB_OUTPUT, 'x=1\n');
    await writeFile(files.GITHUB_ENV, 'A<<E\nmulti\nline\nE\n');
    await writeFile(files.GITHUB_STATE, 'pid=42\n');
    await writeFile(files.GITHUB_PATH, '/opt/a\n\n/opt/b\n');
    await writeFile(files.GITHUB_STEP_SUMMARY, '# hi\n');
    const results = await processFileCommands(files);
    expect(results).toMatchObject({
      outputs: { x: '1' },
      env: { A: 'multi\nline' },
      state: { pid: '42' },
      path: ['/opt/a', '/opt/b'],
      summary: '# hi\n',
      errors: [],
      failed: false,
    });
  });

  it('fails the step on a malformed output file', async () => {
    const files = await createFileCommands(dir);
    await writeFile(files.GITHUB_OUTPUT, 'broken\n');
    const results = await processFileCommands(files);
    expect(results.failed).toBe(true);
    expect(results.errors).toEqual([
      "Unable to process file command 'output' successfully.",
      "Invalid format 'broken'",
    ]);
  });

  it('refuses NODE_OPTIONS through GITHUB_ENV and keeps the rest', async () => {
    const files = await createFileCommands(dir);
    await writeFile(files.GITHUB_ENV, 'node_options=--require x\nOK=1\n');
    const results = await processFileCommands(files);
    expect(results.env).toEqual({ OK: '1' });
    expect(results.errors).toEqual([
      "Can't store node_options output parameter using '$GITHUB_ENV' command.",
    ]);
  });

  it('drops a step summary over 1 MiB with the runner error, and keeps one of exactly 1 MiB', async () => {
    const files = await createFileCommands(dir);
    await writeFile(files.GITHUB_STEP_SUMMARY, 'x'.repeat(STEP_SUMMARY_LIMIT + 1));
    const over = await processFileCommands(files);
    expect(over.summary).toBeUndefined();
    expect(over.errors[0]).toMatch(
      /^\$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k, got 1024k\./,
    );
    await writeFile(files.GITHUB_STEP_SUMMARY, 'x'.repeat(STEP_SUMMARY_LIMIT));
    expect((await processFileCommands(files)).summary).toHaveLength(STEP_SUMMARY_LIMIT);
  });
});
