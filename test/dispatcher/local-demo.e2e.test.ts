/**
 * `npm run demo` end to end, as a newcomer runs it: the built dispatcher on embedded PGlite with the
 * local executor, a deployment of examples/hello-infra through the HTTP API with `grape deploy
 * --wait`, the real Terraform on this machine, and the facts commit in the local GitOps repo.
 */
import { spawn } from 'node:child_process';
import { repoRoot } from '../harness/action-runner.js';
import { terraformBinary } from '../harness/terraform-binary.js';

interface Finished {
  code: number | null;
  out: string;
}

function runDemo(): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/demo.mjs'], {
      cwd: repoRoot,
      env: { ...process.env, GRAPE_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 280_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

(terraformBinary ? describe : describe.skip)('npm run demo', () => {
  let demo: Finished;
  beforeAll(async () => {
    demo = await runDemo();
  }, 300_000);

  it('deploys the example through the API and the local executor, and succeeds', () => {
    expect(demo.out).toContain('First start: created tenant "demo"');
    // Queued, or already claimed by the replica that took the request (claim on create).
    expect(demo.out).toMatch(/dep_[0-9a-f]{20}\s+(queued|dispatching)/);
    expect(demo.out).toMatch(/dep_[0-9a-f]{20}\s+succeeded/);
    expect(demo.code).toBe(0);
  });

  it('shows the facts commit the apply made, with the sensitive output redacted', () => {
    expect(demo.out).toContain('Grape-Deployment: dep_');
    expect(demo.out).toContain('+  vpc_cidr: 10.42.0.0/16');
    expect(demo.out).toContain('+  db_endpoint: db.staging.internal:5432');
    expect(demo.out).toMatch(/\+redacted:\n\+ {2}- db_password/);
    // The example's sensitive output is "demo-<resource id>": never shown.
    expect(demo.out).not.toMatch(/demo-[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('prints the first-start token shortened, never whole', () => {
    expect(demo.out).not.toMatch(/grape_[0-9a-f]{64}/);
  });
});
