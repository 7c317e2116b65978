/**
 * The type-check belongs to the suite: `npm run build` (hence `npm start`) and jest only strip types
 * with SWC, so this is where a type error in src/, dispatcher/, test/, bench/, scripts/ or bin/
 * fails CI (the same `tsc --noEmit` as `npm run typecheck`).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('npm run typecheck', () => {
  it('finds no type error in the project', async () => {
    const output = await new Promise<string>((resolve) => {
      execFile(
        process.execPath,
        [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit'],
        { cwd: root, maxBuffer: 16 * 1024 * 1024, timeout: 540_000 },
        (error, stdout, stderr) => resolve(error ? `${stdout}${stderr}` || error.message : ''),
      );
    });
    expect(output).toBe('');
  }, 600_000);
});
