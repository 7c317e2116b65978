/** Tells the reader, once per run, which optional inputs this run lacks (they are skipped, not failed). */
import { existsSync } from 'node:fs';
import { sharedFixturesDir } from './shared-fixtures.js';

export default function globalSetup() {
  if (!existsSync(sharedFixturesDir)) {
    process.stderr.write(
      `\n[grape] ../shared/fixtures not found at ${sharedFixturesDir}: the conformance tests against ` +
        'the shared Terraform/GitHub/STS fixtures are SKIPPED in this run (CI always has them).\n',
    );
  }
}
