/**
 * The ExternalSecret hand-off end to end, through the bundled action run as the Actions runner
 * runs it: a real Terraform apply whose outputs hold Secrets Manager ARNs and a sensitive canary;
 * the manifests land in the facts commit, and the canary is nowhere: not in the repository, the
 * log, the outputs, the saved state or the step summary.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { leakedSecrets, runAction, type ActionRun } from '../harness/action-runner.js';
import { terraformBinary } from '../harness/terraform-binary.js';
import { externalSecretProblems } from './external-secret-schema.js';
import { bareRepo, type BareRepo } from './git-repos.js';

const CANARY = 'canary-e2e-Vx8#never-anywhere';
const RDS_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-3f9c-AbC123';
const JWT_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/api/jwt-secret-Xy12Zw';
const MAIN_TF = `
variable "master_password" {
  type      = string
  sensitive = true
  default   = "${CANARY}"
}
output "db_master_user_secret_arn" { value = "${RDS_ARN}" }
output "secret_arns" { value = { "api/jwt-secret" = "${JWT_ARN}" } }
output "db_master_password" {
  value     = var.master_password
  sensitive = true
}
`;
const MANIFESTS = 'facts/shop/prod.external-secrets.yaml';

let workdir: string;
let gitops: BareRepo;
beforeAll(async () => {
  workdir = await mkdtemp(path.join(tmpdir(), 'grape-tf-es-'));
  await writeFile(path.join(workdir, 'main.tf'), MAIN_TF);
  gitops = await bareRepo();
}, 120_000);
afterAll(async () => {
  await rm(workdir, { recursive: true, force: true });
  await gitops.close();
});

const apply = (inputs: Record<string, string>): Promise<ActionRun> =>
  runAction({
    inputs: {
      operation: 'apply',
      project: 'shop',
      environment: 'prod',
      'engine-path': terraformBinary ?? 'terraform',
      'facts-git-url': gitops.dir,
      'facts-secret-store': 'ClusterSecretStore/aws-secrets-manager',
      ...inputs,
    },
    cwd: workdir,
    env: { GITHUB_WORKSPACE: workdir, GITHUB_SERVER_URL: 'https://github.com' },
  });

describe('ExternalSecrets committed beside the facts by the bundled action', () => {
  let run: ActionRun;
  let refused: ActionRun;
  beforeAll(async () => {
    run = await apply({
      'facts-external-secrets': 'db_master_user_secret_arn:json, secret_arns',
      'deployment-id': 'dep_es1',
    });
    refused = await apply({
      'facts-external-secrets': 'db_master_password',
      'deployment-id': 'dep_es2',
    });
  }, 180_000);

  it('commits the facts and the manifests in one commit', async () => {
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs['facts-changed']).toBe('true');
    const sha = run.outputs['facts-commit']!;
    expect(await gitops.git('rev-parse', 'main')).toBe(sha);
    const files = await gitops.git('show', '--name-only', '--format=', sha);
    expect(files.split('\n').sort()).toEqual([MANIFESTS, 'facts/shop/prod.yaml']);
    const manifests = await gitops.git('show', `${sha}:${MANIFESTS}`);
    expect(externalSecretProblems(manifests)).toEqual([]);
    expect(manifests).toContain(`key: ${RDS_ARN}`);
  });

  it('refuses to hand over a sensitive output, naming it and nothing more', async () => {
    expect(refused.exitCode).toBe(1);
    expect(refused.errors.join('\n')).toContain(
      "Input 'facts-external-secrets' names output 'db_master_password', which is sensitive.",
    );
    expect(await gitops.git('rev-parse', 'main')).toBe(run.outputs['facts-commit']);
  });

  it('never lets the canary out: repository, log, outputs, state and step summary', async () => {
    expect(run.summary).not.toBe('');
    expect(await gitops.git('log', '-p', '--all')).not.toContain(CANARY);
    expect(leakedSecrets(run, [CANARY])).toEqual([]);
    expect(leakedSecrets(refused, [CANARY])).toEqual([]);
    expect(run.everything).not.toContain(CANARY);
    expect(refused.everything).not.toContain(CANARY);
  });
});
