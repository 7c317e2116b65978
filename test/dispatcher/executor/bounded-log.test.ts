/** A local run's log keeps its head as it comes and its tail at the end, never more. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openBoundedLog } from '../../../dispatcher/src/executor/bounded-log.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'grape-log-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the bounded run log', () => {
  it('keeps everything while under its bounds', async () => {
    const file = path.join(dir, 'small.txt');
    const log = openBoundedLog(file, { headBytes: 10, tailBytes: 10 });
    log.write(Buffer.from('hello '));
    log.write(Buffer.from('world'));
    await log.end();
    expect(await readFile(file, 'utf8')).toBe('hello world');
  });

  it('keeps the head and the tail of a long log, saying how much it left out', async () => {
    const file = path.join(dir, 'long.txt');
    const log = openBoundedLog(file, { headBytes: 8, tailBytes: 6 });
    // 129 bytes: 8 in the head, 6 in the tail, 115 left out.
    for (const chunk of ['::group::', 'init\n', 'x'.repeat(100), '\n::error::boom\n'])
      log.write(Buffer.from(chunk));
    await log.end();
    expect(await readFile(file, 'utf8')).toBe(
      `::group:\n[grape: 115 bytes of this log left out]\n:boom\n`,
    );
  });
});
