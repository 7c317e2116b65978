/**
 * The engine step end to end: the bundled action, run as the Actions runner runs it, gets OIDC
 * credentials from the STS stand-in, terraform from the loopback mirror (verified), and runs the
 * real terraform against test modules — state in the S3 stand-in, signed with the issued keys.
 */
import { rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { leakedSecrets, runAction, type ActionRun } from '../harness/action-runner.js';
import { startEngineFixture, STATE_BUCKET, type EngineFixture } from '../harness/engine-fixture.js';
import {
  copyModule,
  describeWithTerraform,
  terraformVersion,
} from '../harness/terraform-binary.js';

let fx: EngineFixture;
const dirs: string[] = [];
beforeAll(async () => {
  fx = await startEngineFixture();
}, 60_000);
afterAll(async () => {
  await fx?.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function module(name: string): Promise<string> {
  const dir = await copyModule(name);
  dirs.push(dir);
  return dir;
}

const run = (
  cwd: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ActionRun> => runAction({ cwd, inputs: fx.inputs(inputs), env: fx.env(env) });

const state = (key: string): { resources: Array<{ type: string; name: string }> } | undefined => {
  const o = fx.s3.object(STATE_BUCKET, key);
  return o
    ? (JSON.parse(o.body.toString()) as { resources: Array<{ type: string; name: string }> })
    : undefined;
};

describeWithTerraform('a plan with changes', () => {
  let result: ActionRun;
  beforeAll(async () => {
    result = await run(await module('basic'), {
      operation: 'plan',
      variables: JSON.stringify({
        environment: 'prod',
        replicas: 3,
        tags: { team: 'platform' },
        db_password: 'hunter2-do-not-print',
      }),
    });
  });

  it('succeeds and outputs the counts terraform planned', () => {
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({
      'has-changes': 'true',
      add: '4',
      change: '0',
      destroy: '0',
    });
    expect(result.outputs['plan-sha256']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('outputs the plan summary as JSON: resources, actions, outputs, no values', () => {
    const summary = JSON.parse(result.outputs['plan-summary']!) as {
      counts: Record<string, number>;
      resources: Array<{ address: string; action: string }>;
      outputs: Array<{ name: string; sensitive: boolean }>;
      terraformVersion: string;
    };
    expect(summary.counts).toMatchObject({ create: 4, update: 0, delete: 0 });
    expect(summary.terraformVersion).toBe(terraformVersion);
    expect(summary.resources.map((r) => r.address).sort()).toEqual([
      'terraform_data.app[0]',
      'terraform_data.app[1]',
      'terraform_data.app[2]',
      'terraform_data.config',
    ]);
    expect(summary.outputs.find((o) => o.name === 'db_password')?.sensitive).toBe(true);
  });

  it('writes a job summary with the table and collapsible per-resource detail', () => {
    expect(result.summary).toContain('**Plan:** 4 to add, 0 to change, 0 to destroy.');
    expect(result.summary).toContain(
      '| create | update | delete | replace | import | move | forget | read | no-op |',
    );
    expect(result.summary).toMatch(/<details><summary>Resources \(4 changed\)<\/summary>/);
    expect(result.summary).toContain('| <code>terraform_data.app[2]</code> | + create |');
  });

  it('verified the engine it downloaded and logged which source chose the version', () => {
    expect(result.stdout).toContain(
      `terraform ${terraformVersion} (chosen by input 'engine-version').`,
    );
    expect(result.stdout).toMatch(
      /Verified terraform_[\d.]+_linux_amd64\.zip: SHA256SUMS signed by the key in 'release-signing-key'/,
    );
  });

  it('never prints a sensitive value, and never exports the credentials it gave terraform', () => {
    expect(result.everything).not.toContain('hunter2-do-not-print');
    expect(result.everything).not.toContain('default-password-not-a-secret');
    expect(result.exportedEnv['AWS_ACCESS_KEY_ID']).toBeUndefined();
    expect(
      leakedSecrets(result, [...fx.identity.issuer.issued, ...fx.identity.sts.issuedSecrets]),
    ).toEqual([]);
  });

  it('records its temporary directory for the post step, which removes it', async () => {
    const paths = JSON.parse(result.state['grape-temp-paths'] ?? '[]') as string[];
    expect(paths).toHaveLength(1);
    expect(paths[0]).toMatch(/grape-gh-9000000001-1-[0-9a-f]{12}$/);
  });
});

describeWithTerraform('apply, guards and destroy against state in S3', () => {
  const key = 'e2e/apply/terraform.tfstate';
  let dir: string;
  let apply: ActionRun;
  beforeAll(async () => {
    dir = await module('s3-backend');
    apply = await run(dir, {
      operation: 'apply',
      'backend-config': fx.backendConfig(key),
      variables: '{"name": "first"}',
    });
  });

  it('applies exactly the plan it made, with the OIDC session credentials, state in S3', () => {
    expect(apply.errors).toEqual([]);
    expect(apply.exitCode).toBe(0);
    expect(apply.outputs).toMatchObject({ 'has-changes': 'true', add: '1' });
    expect(state(key)?.resources.map((r) => r.name)).toEqual(['this']);
    expect(apply.stdout).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');
    expect(apply.exportedEnv['AWS_SECRET_ACCESS_KEY']).toBeUndefined();
  });

  it('shows backend values only as keys in the log', () => {
    expect(apply.stdout).toContain(
      '-backend-config=bucket=*** -backend-config=key=*** -backend-config=region=*** -backend-config=endpoints=***',
    );
  });

  it('refuses a replacement without allow-destroy, naming the resource and why, and changes nothing', async () => {
    const before = fx.s3.object(STATE_BUCKET, key)!.etag;
    const refused = await run(dir, {
      operation: 'apply',
      'backend-config': fx.backendConfig(key),
      variables: '{"name": "second"}',
    });
    expect(refused.exitCode).toBe(1);
    expect(refused.errors.at(-1)).toBe(
      'Refusing to apply: the plan deletes or replaces 1 guarded resource:\n- terraform_data.this: replace (an argument that forces replacement changed)\nIf these deletions are intended, re-run with `allow-destroy: true` (after reviewing the plan).',
    );
    expect(refused.summary).toContain('> Not applied.');
    expect(fx.s3.object(STATE_BUCKET, key)!.etag).toBe(before);
  });

  it('refuses any change to a protected resource type, even with allow-destroy', async () => {
    const refused = await run(dir, {
      operation: 'apply',
      'backend-config': fx.backendConfig(key),
      variables: '{"name": "second"}',
      'allow-destroy': 'true',
      'protected-resource-types': 'aws_db_instance, terraform_*',
    });
    expect(refused.exitCode).toBe(1);
    expect(refused.errors.at(-1)).toContain(
      "- terraform_data.this: replace (type terraform_data is protected by 'terraform_*')",
    );
    expect(refused.errors.at(-1)).toContain(
      'Changes to protected resource types are never applied by Grape',
    );
  });

  it('refuses operation destroy without allow-destroy, listing what it would delete', async () => {
    const refused = await run(dir, {
      operation: 'destroy',
      'backend-config': fx.backendConfig(key),
    });
    expect(refused.exitCode).toBe(1);
    expect(refused.errors.at(-1)).toBe(
      'Refusing to apply: the plan deletes or replaces 1 guarded resource:\n- terraform_data.this: delete (it is planned for deletion)\nIf these deletions are intended, re-run with `allow-destroy: true` (after reviewing the plan).',
    );
    expect(refused.outputs).toMatchObject({ destroy: '1', 'has-changes': 'true' });
    expect(state(key)?.resources).toHaveLength(1);
  });

  it('destroys with allow-destroy, and releases the lock', async () => {
    const destroyed = await run(dir, {
      operation: 'destroy',
      'backend-config': fx.backendConfig(key),
      'allow-destroy': 'true',
    });
    expect(destroyed.errors).toEqual([]);
    expect(destroyed.exitCode).toBe(0);
    expect(state(key)?.resources).toEqual([]);
    expect(fx.s3.object(STATE_BUCKET, `${key}.tflock`)).toBeUndefined();
    expect(destroyed.stdout).toContain(
      `Using the verified terraform ${terraformVersion} from the tool cache.`,
    );
  });
});

describeWithTerraform('plan now, apply after approval (plan-store)', () => {
  const key = 'e2e/store/terraform.tfstate';
  let dir: string;
  let plan: ActionRun;
  beforeAll(async () => {
    dir = await module('s3-backend');
    plan = await run(dir, {
      operation: 'plan',
      'deployment-id': 'dep_store1',
      'backend-config': fx.backendConfig(key),
      'plan-store': `s3://${STATE_BUCKET}/grape/plans/`,
      'plan-store-kms-key-id': 'alias/terraform-state',
    });
  });

  it('stores the plan in the state bucket under the deployment id, encrypted with SSE-KMS', () => {
    expect(plan.errors).toEqual([]);
    expect(plan.outputs['plan-id']).toBe('dep_store1');
    const stored = fx.s3.object(STATE_BUCKET, 'grape/plans/dep_store1.tfplan')!;
    expect(stored.headers).toMatchObject({
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': 'alias/terraform-state',
      'x-amz-meta-grape-sha256': plan.outputs['plan-sha256'],
    });
  });

  it('refuses to apply other bytes than the approved SHA-256', async () => {
    const wrong = 'f'.repeat(64);
    const refused = await run(dir, {
      operation: 'apply',
      'backend-config': fx.backendConfig(key),
      'plan-store': `s3://${STATE_BUCKET}/grape/plans`,
      'plan-id': 'dep_store1',
      'plan-sha256': wrong,
    });
    expect(refused.exitCode).toBe(1);
    expect(refused.errors.at(-1)).toBe(
      `The stored plan s3://${STATE_BUCKET}/grape/plans/dep_store1.tfplan has SHA-256 ${plan.outputs['plan-sha256']}, not the approved ${wrong}: refusing to apply it. It was replaced after approval, or plan-sha256 belongs to another plan.`,
    );
    expect(state(key)).toBeUndefined();
  });

  it('applies the stored plan given its id and SHA-256', async () => {
    const applied = await run(dir, {
      operation: 'apply',
      'deployment-id': 'dep_store1-apply',
      'backend-config': fx.backendConfig(key),
      'plan-store': `s3://${STATE_BUCKET}/grape/plans`,
      'plan-id': 'dep_store1',
      'plan-sha256': plan.outputs['plan-sha256']!,
    });
    expect(applied.errors).toEqual([]);
    expect(applied.exitCode).toBe(0);
    expect(applied.stdout).toContain(
      `Fetched the approved plan dep_store1 (sha256 ${plan.outputs['plan-sha256']}).`,
    );
    expect(applied.stdout).not.toMatch(/\[command\]\S+ (plan|validate) /);
    expect(state(key)?.resources.map((r) => r.name)).toEqual(['this']);
  });
});

describeWithTerraform('plan now, apply after approval (a file:// plan store)', () => {
  let dir: string;
  let plans: string;
  let plan: ActionRun;
  beforeAll(async () => {
    dir = await module('basic');
    plans = path.join(dir, '.plans');
    plan = await run(dir, {
      operation: 'plan',
      'deployment-id': 'dep_file1',
      'plan-store': pathToFileURL(plans).href,
    });
  });

  it('stores the plan owner-only under the deployment id', async () => {
    expect(plan.errors).toEqual([]);
    expect(plan.outputs['plan-id']).toBe('dep_file1');
    const stored = await stat(path.join(plans, 'dep_file1.tfplan'));
    expect(stored.mode & 0o777).toBe(0o600);
  });

  it('refuses other bytes than the approved SHA-256, then applies the approved ones', async () => {
    const wrong = 'e'.repeat(64);
    const refused = await run(dir, {
      operation: 'apply',
      'plan-store': pathToFileURL(plans).href,
      'plan-id': 'dep_file1',
      'plan-sha256': wrong,
    });
    expect(refused.errors.at(-1)).toBe(
      `The stored plan ${pathToFileURL(path.join(plans, 'dep_file1.tfplan')).href} has SHA-256 ${plan.outputs['plan-sha256']}, not the approved ${wrong}: refusing to apply it. It was replaced after approval, or plan-sha256 belongs to another plan.`,
    );
    const applied = await run(dir, {
      operation: 'apply',
      'deployment-id': 'dep_file1-apply',
      'plan-store': pathToFileURL(plans).href,
      'plan-id': 'dep_file1',
      'plan-sha256': plan.outputs['plan-sha256']!,
    });
    expect(applied.errors).toEqual([]);
    expect(applied.stdout).toContain(`Fetched the approved plan dep_file1`);
    expect(applied.outputs['add']).toBe(plan.outputs['add']);
  });
});

describeWithTerraform('engine errors become annotations', () => {
  it('points at the file and line of a validation error', async () => {
    const result = await run(await module('invalid'), { operation: 'plan' });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /^::error title=Reference to undeclared input variable,file=main\.tf,line=5,col=\d+::Reference to undeclared input variable/m,
    );
    expect(result.errors.at(-1)).toBe(
      '`terraform validate` failed (exit 1): Reference to undeclared input variable (main.tf:5): An input variable with the name "not_declared" has not been declared. This variable can be declared with a variable "not_declared" {} block.',
    );
  });
});

describeWithTerraform('a run with a lock file and an unreachable Actions cache service', () => {
  let result: ActionRun;
  beforeAll(async () => {
    const dir = await module('basic');
    await writeFile(path.join(dir, '.terraform.lock.hcl'), '# no providers\n');
    result = await run(
      dir,
      { operation: 'plan', variables: JSON.stringify({ environment: 'prod' }) },
      {
        ACTIONS_CACHE_SERVICE_V2: 'true',
        ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/',
        ACTIONS_RUNTIME_TOKEN: 'runtime-token',
      },
    );
  }, 120_000);

  it('asks the cache service to restore and to save the plugins (the bundled @actions/cache runs), and plans without it', () => {
    expect(result.exitCode).toBe(0);
    expect(result.outputs['has-changes']).toBe('true');
    expect(result.stdout).toContain('CacheService/GetCacheEntryDownloadURL');
    expect(result.stdout).toMatch(/^No cached provider plugins for grape-plugins-terraform-/m);
    expect(result.stdout).toContain('CacheService/CreateCacheEntry');
  });
});
