/**
 * Honest progress on a real state lock (issue 17): another terraform process holds the local
 * backend's lock (an apply whose provisioner waits for a file); Grape's plan, run with
 * `-lock-timeout`, prints Terraform's "Acquiring state lock" and then, while it waits in silence,
 * `still waiting for the state lock (…)` naming the timeout; once the other process releases the
 * lock the plan goes on and finishes.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnProcess } from '../../src/process/spawn-process.js';
import { TerraformCli } from '../../src/terraform/terraform-cli.js';
import { recordingIO } from '../harness/fake-io.js';
import {
  describeWithTerraform,
  terraformBinary,
  terraformTestEnv,
} from '../harness/terraform-binary.js';
import { eventually } from '../harness/eventually.js';

const MODULE = `
variable "hold" {
  type    = string
  default = ""
}
resource "terraform_data" "held" {
  input = var.hold
  provisioner "local-exec" {
    command = var.hold == "" ? "true" : "for i in $(seq 1 1200); do [ -e \${var.hold} ] && exit 0; sleep 0.05; done; exit 1"
  }
}
`;

const until = (what: string, ok: () => boolean): Promise<true> =>
  eventually(ok, { tries: 1200, everyMs: 50, what });

describeWithTerraform('a plan that finds the state lock held by another terraform', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'grape-lock-'));
    await writeFile(path.join(dir, 'main.tf'), MODULE);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('says it is still waiting for the lock, then proceeds once the lock is released', async () => {
    const env = terraformTestEnv();
    const io = recordingIO();
    const session = new TerraformCli(
      { binary: terraformBinary!, cwd: dir, repositoryRoot: dir, env },
      { spawn: spawnProcess, io, signals: process, cancelGraceMs: 10_000, stillWaitingMs: 200 },
      'terraform',
    );
    await session.init([]);

    // The other process: an apply that holds the lock until the release file exists.
    const release = path.join(dir, 'release');
    const holder = spawn(
      terraformBinary!,
      ['apply', '-auto-approve', '-input=false', '-no-color', `-var=hold=${release}`],
      { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let holderOut = '';
    holder.stdout.on('data', (b: Buffer) => (holderOut += b.toString()));
    const holderExit = new Promise<number | null>((resolve) => holder.on('exit', resolve));
    try {
      await until('the other apply to take the lock', () =>
        holderOut.includes('terraform_data.held: Provisioning with'),
      );
      const plan = session.plan(path.join(dir, 'tfplan'), { destroy: false, varFiles: [] });
      const still =
        /^still waiting for the state lock \((\d+)s; another process holds it; terraform gives up after -lock-timeout=300s\)$/;
      await until('a still-waiting line', () => io.logs.some((l) => still.test(l)));
      expect(existsSync(release)).toBe(false); // the lock is still held while it says so
      await writeFile(release, '');
      expect(await plan).toBe(true);
      expect(await holderExit).toBe(0);

      const acquiring = io.logs.indexOf('Acquiring state lock. This may take a few moments...');
      const firstStill = io.logs.findIndex((l) => still.test(l));
      const planLine = io.logs.findIndex((l) => l.startsWith('Plan: '));
      expect(acquiring).toBeGreaterThanOrEqual(0);
      expect(firstStill).toBeGreaterThan(acquiring);
      expect(planLine).toBeGreaterThan(firstStill);
    } finally {
      if (!existsSync(release)) await writeFile(release, '');
      await holderExit;
    }
  });
});
