/**
 * Honest progress (issue 17): a silent step says what it waits for, with the seconds of silence
 * counted on an injected clock, and says nothing while output flows.
 */
import { startStillWaiting } from '../../src/lib/still-waiting.js';
import { waitingFor } from '../../src/engine/waiting-for.js';

/** Waits (bounded) until `lines` has `n` entries. */
async function until(lines: string[], n: number): Promise<void> {
  for (let i = 0; i < 500 && lines.length < n; i++) await new Promise((r) => setTimeout(r, 5));
}

describe('a step that goes silent', () => {
  it('says once per interval what it waits for, counting the silence on its clock', async () => {
    let clock = 1_000_000;
    const lines: string[] = [];
    const still = startStillWaiting(
      (line) => {
        lines.push(line);
        clock += 10_000; // the next report comes ten (fake) seconds later
      },
      'running terraform plan',
      { intervalMs: 5, now: () => clock },
    );
    still.touch('waiting for the state lock');
    clock += 10_000;
    await until(lines, 3);
    still.stop();
    expect(lines.slice(0, 3)).toEqual([
      'still waiting for the state lock (10s)',
      'still waiting for the state lock (20s)',
      'still waiting for the state lock (30s)',
    ]);
  });

  it('adds the detail for what it waits for, and stops when told', async () => {
    const lines: string[] = [];
    let clock = 0;
    const still = startStillWaiting((line) => lines.push(line), 'installing providers', {
      intervalMs: 5,
      now: () => (clock += 15_000),
      detail: (what) => (what === 'installing providers' ? '; from the plugin cache' : ''),
    });
    await until(lines, 1);
    still.stop();
    const seen = lines.length;
    await new Promise((r) => setTimeout(r, 30));
    expect(lines[0]).toBe('still installing providers (15s; from the plugin cache)');
    expect(lines).toHaveLength(seen);
  });
});

describe("what terraform's last line says it waits for", () => {
  it.each([
    ['Acquiring state lock. This may take a few moments...', 'waiting for the state lock'],
    ['Initializing the backend...', 'initializing the backend'],
    ['Initializing provider plugins...', 'installing providers'],
    ['- Installing hashicorp/aws v5.31.0...', 'installing provider hashicorp/aws v5.31.0'],
    [
      '- Finding hashicorp/aws versions matching "~> 5.0"...',
      'finding hashicorp/aws versions matching "~> 5.0"',
    ],
    [
      'Downloading registry.terraform.io/terraform-aws-modules/vpc/aws 5.1.0 for vpc...',
      'downloading module registry.terraform.io/terraform-aws-modules/vpc/aws',
    ],
    ['aws_s3_bucket.this: Refreshing state... [id=b]', 'refreshing aws_s3_bucket.this'],
    ['aws_db_instance.db: Still creating... [10s elapsed]', 'creating aws_db_instance.db'],
    ['Plan: 1 to add, 0 to change, 0 to destroy.', 'running terraform plan'],
  ])('%s → %s', (line, expected) => {
    expect(waitingFor(line, 'running terraform plan')).toBe(expected);
  });
});
