/**
 * The S3 stand-in speaks S3 well enough for the real terraform s3 backend (AWS SDK for Go v2):
 * state written and read back, the lock file taken with a conditional write and released, a
 * second writer refused while the lock is held, and bad credentials rejected.
 */
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { startS3, type S3StandIn } from '../harness/s3.js';
import {
  copyModule,
  describeWithTerraform,
  terraformBinary,
  terraformTestEnv,
} from '../harness/terraform-binary.js';

const run = promisify(execFile);
const KEY_ID = 'AKIAGRAPETEST0000001';
const SECRET = 'grape-test-secret-key-0000000000000000000';

let s3: S3StandIn;
const dirs: string[] = [];
beforeAll(async () => {
  s3 = await startS3();
  s3.createBucket('acme-tf-state');
  s3.addCredentials(KEY_ID, SECRET);
});
afterAll(async () => {
  await s3.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const backendArgs = (key: string): string[] => [
  '-backend-config=bucket=acme-tf-state',
  `-backend-config=key=${key}`,
  '-backend-config=region=eu-west-1',
  `-backend-config=endpoints={s3="${s3.url}",sts="${s3.url}"}`,
];

async function tf(dir: string, args: string[], env: Record<string, string> = {}) {
  return run(terraformBinary!, args, {
    cwd: dir,
    env: terraformTestEnv({
      AWS_ACCESS_KEY_ID: KEY_ID,
      AWS_SECRET_ACCESS_KEY: SECRET,
      AWS_EC2_METADATA_DISABLED: 'true',
      ...env,
    }),
  });
}

describeWithTerraform('terraform 1.11 s3 backend against the stand-in', () => {
  it('stores state, takes and releases the lock file with a conditional write', async () => {
    const dir = await copyModule('s3-backend');
    dirs.push(dir);
    await tf(dir, ['init', '-input=false', '-no-color', ...backendArgs('app/terraform.tfstate')]);
    await tf(dir, ['apply', '-auto-approve', '-input=false', '-no-color']);
    const state = JSON.parse(
      s3.object('acme-tf-state', 'app/terraform.tfstate')!.body.toString(),
    ) as { resources: unknown[] };
    expect(state.resources).toHaveLength(1);
    const lockPuts = s3.calls.filter(
      (c) => c.key === 'app/terraform.tfstate.tflock' && c.operation === 'PutObject',
    );
    expect(lockPuts.length).toBeGreaterThan(0);
    expect(lockPuts.every((c) => c.headers['if-none-match'] === '*')).toBe(true);
    expect(s3.object('acme-tf-state', 'app/terraform.tfstate.tflock')).toBeUndefined();
  });

  it('refuses a second writer while the lock file exists', async () => {
    const dir = await copyModule('s3-backend');
    dirs.push(dir);
    await tf(dir, [
      'init',
      '-input=false',
      '-no-color',
      ...backendArgs('locked/terraform.tfstate'),
    ]);
    s3.putObject(
      'acme-tf-state',
      'locked/terraform.tfstate.tflock',
      Buffer.from('{"ID":"someone-else"}'),
    );
    await expect(
      tf(dir, ['apply', '-auto-approve', '-input=false', '-no-color', '-lock-timeout=0s']),
    ).rejects.toMatchObject({
      stderr: expect.stringMatching(/Error acquiring the state lock/),
    });
  });

  it('rejects requests signed with an unknown secret', async () => {
    const dir = await copyModule('s3-backend');
    dirs.push(dir);
    await expect(
      tf(dir, ['init', '-input=false', '-no-color', ...backendArgs('x/terraform.tfstate')], {
        AWS_SECRET_ACCESS_KEY: 'wrong',
      }),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(/SignatureDoesNotMatch|403/) });
  });
});
