/**
 * `npm run build` (hence `npm start`) bundles the console only when its sources changed: a start
 * with nothing changed finds build/console fresh by a hash of the sources and does not run Vite.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
// @ts-expect-error -- a plain .mjs build script, no type declarations
import { buildConsole, consoleSourceHash, CONSOLE_OUT } from '../../../scripts/build-console.mjs';
import { buildOnce } from './built-dispatcher.js';

describe('the console build step', () => {
  it('builds once, then finds the build fresh while the sources are unchanged', async () => {
    buildOnce(); // `npm run build`, in its own process
    expect(await buildConsole()).toBe('fresh');
    expect(await readFile(path.join(CONSOLE_OUT as string, '.source-hash'), 'utf8')).toBe(
      await consoleSourceHash(),
    );
    const html = await readFile(path.join(CONSOLE_OUT as string, 'index.html'), 'utf8');
    // No inline script or style: the console's CSP allows neither.
    expect(html).not.toMatch(/<script>|<style>|\son\w+=/);
    expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js">/);
  }, 120_000);
});
