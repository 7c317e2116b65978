/** The zip extractor: stored and deflated entries, Unix modes, and the refusals. */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { extractZip } from '../../src/engine/extract-zip.js';
import { makeZip } from '../harness/zip.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'grape-zip-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('extractZip', () => {
  it.each([0, 6])(
    'extracts entries (compression level %i) with their executable bit',
    async (level) => {
      const zip = path.join(dir, `a${level}.zip`);
      const binary = Buffer.from('#!/bin/sh\necho hi\n'.repeat(1000));
      await writeFile(
        zip,
        makeZip(
          [
            { name: 'terraform', data: binary, mode: 0o755 },
            { name: 'LICENSE.txt', data: Buffer.from('BUSL') },
          ],
          level,
        ),
      );
      const out = await extractZip(zip, path.join(dir, `out${level}`));
      expect(await readFile(path.join(out, 'terraform'))).toEqual(binary);
      expect((await stat(path.join(out, 'terraform'))).mode & 0o777).toBe(0o755);
      expect(await readFile(path.join(out, 'LICENSE.txt'), 'utf8')).toBe('BUSL');
    },
  );

  it('refuses an entry that would escape the directory (zip slip)', async () => {
    const zip = path.join(dir, 'slip.zip');
    await writeFile(zip, makeZip([{ name: '../../evil', data: Buffer.from('x') }]));
    await expect(extractZip(zip, path.join(dir, 'slip'))).rejects.toThrow(
      "The archive entry '../../evil' would be written outside the extraction directory: refusing it.",
    );
  });

  it('refuses a file that is not a zip', async () => {
    const file = path.join(dir, 'not.zip');
    await writeFile(file, 'plain text');
    await expect(extractZip(file, path.join(dir, 'not'))).rejects.toThrow(
      'not.zip is not a zip archive.',
    );
  });
});
