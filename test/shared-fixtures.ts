/** Location of ../shared/fixtures (present in CI, absent in a user's plain clone). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const sharedFixturesDir =
  process.env.GRAPE_SHARED_FIXTURES ?? path.resolve(here, '..', '..', 'shared', 'fixtures');
export const haveSharedFixtures = existsSync(sharedFixturesDir);
/**
 * `describe` when the shared fixtures exist. Otherwise a skipped `describe` whose body is NOT run:
 * jest runs a skipped describe's body to collect its tests, and bodies here read fixtures.
 */
export const describeWithSharedFixtures = (name: string, fn: () => void): void => {
  if (haveSharedFixtures) describe(name, fn);
  else
    describe.skip(`${name} [skipped: ../shared/fixtures absent]`, () => {
      it.skip('needs ../shared/fixtures (present in CI, absent in a plain clone)', () => {});
    });
};
