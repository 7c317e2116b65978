/**
 * The browser the console's end-to-end tests drive: Debian's `chromium` through playwright-core
 * (Playwright's own browser download cannot work offline). GRAPE_TEST_CHROMIUM, else `chromium` or
 * `chromium-browser` on PATH; undefined when there is none (a plain clone without it: the browser
 * tests skip and say so; .ci/run installs it).
 */
import { execFileSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';

function locate(): string | undefined {
  const given = process.env['GRAPE_TEST_CHROMIUM'];
  if (given) return given;
  try {
    return (
      execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
        encoding: 'utf8',
      }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

export const chromiumBinary = locate();

/** Headless; no sandbox, which needs user namespaces a container running as root lacks. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: chromiumBinary!,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
