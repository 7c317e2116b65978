/** Tells the reader, once per run, which optional inputs this run lacks (those tests are skipped, not failed). */
import { existsSync } from 'node:fs';
import path from 'node:path';

export default function globalSetup(): void {
  const dir =
    process.env['GRAPE_SHARED_FIXTURES'] ?? path.resolve(process.cwd(), '..', 'shared', 'fixtures');
  if (!existsSync(dir)) {
    process.stderr.write(
      `\n[grape] ../shared/fixtures not found at ${dir}: the conformance tests against the shared ` +
        'Terraform/GitHub/STS fixtures are SKIPPED in this run (CI always has them).\n',
    );
  }
}
