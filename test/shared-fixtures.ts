/** Location of ../shared/fixtures (present in CI, absent in a user's plain clone). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const sharedFixturesDir =
  process.env.GRAPE_SHARED_FIXTURES ?? path.resolve(here, '..', '..', 'shared', 'fixtures');
export const haveSharedFixtures = existsSync(sharedFixturesDir);
/** `describe` when the shared fixtures exist, `describe.skip` (reported as skipped) otherwise. */
export const describeWithSharedFixtures = (name: string, fn: () => void): void =>
  (haveSharedFixtures ? describe : describe.skip)(
    haveSharedFixtures ? name : `${name} [skipped: ../shared/fixtures absent]`,
    fn,
  );
