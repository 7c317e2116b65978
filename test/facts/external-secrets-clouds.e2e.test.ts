/**
 * The ExternalSecret hand-off on Google Cloud and Azure end to end, through the bundled action run
 * as the Actions runner runs it: a real Terraform apply of a root module built from the secret
 * store module's own provider-free files (variables.tf, policies.tf: its `secret_ids` output
 * exactly), with a canary given both as the module's ephemeral `secret_values` and as a sensitive
 * output. The manifests land in the facts commit, valid, pointing where ESO's gcpsm / azurekv
 * provider reads; the canary is nowhere in the repository, the log, the step's outputs or summary,
 * and in the Terraform state only as the sensitive output Terraform keeps there.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { leakedSecrets, runAction, type ActionRun } from '../harness/action-runner.js';
import { terraformBinary } from '../harness/terraform-binary.js';
import { modulesDir } from '../modules/module-files.js';
import {
  PROVIDER_FREE_FILES,
  azureInputs,
  azureStub,
  gcpInputs,
  gcpStub,
} from './cloud-secret-references.js';
import { externalSecretProblems } from './external-secret-schema.js';
import { bareRepo, type BareRepo } from './git-repos.js';

// No character JSON encoders escape (Terraform's state writes '&' as \u0026): a leak must show.
const CANARY = 'canary-e2e-Wq4_cloud-never-anywhere';
const MANIFESTS = 'facts/platform/production.external-secrets.yaml';

const clouds = [
  {
    module: 'gcp-secret-store',
    inputs: gcpInputs,
    stub: gcpStub,
    given: 'smtp-password',
    store: 'ClusterSecretStore/gcp-secret-manager',
    keys: {
      'cloudsql-app-password': 'production-cloudsql-app-password',
      'jwt-secret': 'production-jwt-secret',
      'smtp-password': 'production-smtp-password',
    },
  },
  {
    module: 'azure-secret-store',
    inputs: azureInputs,
    stub: azureStub,
    given: 'smtp-password',
    store: 'ClusterSecretStore/azure-key-vault',
    keys: {
      'jwt-secret': 'secret/production-jwt-secret',
      'postgres-admin-password': 'secret/production-postgres-admin-password',
      'smtp-password': 'secret/production-smtp-password',
    },
  },
];

describe.each(clouds)('the bundled action handing over $module', (cloud) => {
  let workdir: string;
  let gitops: BareRepo;
  let run: ActionRun;
  beforeAll(async () => {
    workdir = await mkdtemp(path.join(tmpdir(), `grape-tf-${cloud.module}-`));
    for (const file of PROVIDER_FREE_FILES)
      await copyFile(path.join(modulesDir, cloud.module, file), path.join(workdir, file));
    await writeFile(
      path.join(workdir, 'root.tf'),
      `${cloud.stub}
output "secret_ids" { value = local.secret_ids }
output "given_value" {
  value     = "${CANARY}"
  sensitive = true
}
`,
    );
    const secrets = { ...cloud.inputs.secrets, [cloud.given]: { given: true } };
    await writeFile(
      path.join(workdir, 'terraform.tfvars.json'),
      JSON.stringify({ ...cloud.inputs, secrets, secret_values: { [cloud.given]: CANARY } }),
    );
    gitops = await bareRepo();
    run = await runAction({
      inputs: {
        operation: 'apply',
        project: 'platform',
        environment: 'production',
        'engine-path': terraformBinary ?? 'terraform',
        'facts-git-url': gitops.dir,
        'facts-external-secrets': 'secret_ids',
        'facts-secret-store': cloud.store,
        'deployment-id': 'dep_cloud1',
      },
      cwd: workdir,
      env: { GITHUB_WORKSPACE: workdir, GITHUB_SERVER_URL: 'https://github.com' },
    });
  }, 180_000);
  afterAll(async () => {
    await rm(workdir, { recursive: true, force: true });
    await gitops.close();
  });

  it('commits the facts and the manifests in one commit', async () => {
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    const sha = run.outputs['facts-commit']!;
    expect(await gitops.git('rev-parse', 'main')).toBe(sha);
    const files = await gitops.git('show', '--name-only', '--format=', sha);
    expect(files.split('\n').sort()).toEqual([MANIFESTS, 'facts/platform/production.yaml']);
  });

  it('writes a valid ExternalSecret per module secret, with the key the store’s provider reads', async () => {
    const manifests = await gitops.git('show', `${run.outputs['facts-commit']!}:${MANIFESTS}`);
    expect(externalSecretProblems(manifests)).toEqual([]);
    const keys = Object.fromEntries(
      parseAllDocuments(manifests).map((d) => {
        const doc = d.toJS() as {
          metadata: { name: string };
          spec: { data: { remoteRef: { key: string } }[] };
        };
        return [doc.metadata.name, doc.spec.data[0]!.remoteRef.key];
      }),
    );
    expect(keys).toEqual(cloud.keys);
  });

  it('never lets the canary out: repository, log, outputs and step summary; state only as the output', async () => {
    expect(run.summary).not.toBe('');
    expect(await gitops.git('log', '-p', '--all')).not.toContain(CANARY);
    expect(leakedSecrets(run, [CANARY])).toEqual([]);
    expect(run.everything).not.toContain(CANARY);
    // Terraform keeps the sensitive output in the state, and nothing else of the canary (not the
    // ephemeral secret_values): why a real value belongs in the store, never in an output.
    const state = JSON.parse(await readFile(path.join(workdir, 'terraform.tfstate'), 'utf8')) as {
      outputs: Record<string, { value: unknown }>;
    };
    expect(state.outputs['given_value']?.value).toBe(CANARY);
    expect(JSON.stringify(state).split(CANARY)).toHaveLength(2);
  });
});
