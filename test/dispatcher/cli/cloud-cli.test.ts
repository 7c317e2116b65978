/**
 * `grape project create` names a project's Google Cloud and Azure identities (issue 18): the
 * flags become the project's `gcp` / `azure`, and a malformed value is refused naming its flag.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CliIO } from '../../../dispatcher/src/cli/cli-io.js';
import { runCli } from '../../../dispatcher/src/cli/program.js';
import type { Store } from '../../../dispatcher/src/store/store.js';
import { pglite, type TestStore } from '../helpers/backends.js';
import { manualClock } from '../helpers/clock.js';

let store: TestStore;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'grape-cloud-cli-'));
  store = await pglite.open(manualClock());
  await store.tenants.create('globex', { actor: 'operator' });
});
afterAll(async () => {
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    version: '1.2.3-test',
    out: (l) => void out.push(l),
    err: (l) => void err.push(l),
    env: { GRAPE_DATA_DIR: dataDir },
    fetch,
    sleep: async () => undefined,
    openStore: async () => ({ ...(store as Store), close: async () => undefined }),
    serve: async () => undefined,
  };
  const code = await runCli(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const create = (name: string, extra: string[]) =>
  cli([
    'project',
    'create',
    '--tenant',
    'globex',
    '--name',
    name,
    '--repository',
    'globex/infra',
    '--region',
    'us-east-1',
    ...extra,
  ]);

describe('grape project create with Google Cloud and Azure', () => {
  it('stores the identities the flags name', async () => {
    const result = await create('multi', [
      '--gcp-provider',
      'projects/123456789012/locations/global/workloadIdentityPools/github/providers/grape',
      '--gcp-service-account',
      'grape-deploy@globex-prod.iam.gserviceaccount.com',
      '--gcp-project',
      'globex-prod',
      '--azure-client-id',
      'c0ffee00-1111-4222-8333-444455556666',
      '--azure-tenant-id',
      '7d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
      '--azure-subscription-id',
      '5abcc41b-0000-4000-8000-000000000001',
      '--azure-environment',
      'usgovernment',
    ]);
    expect(result.code).toBe(0);
    const tenant = (await store.tenants.list()).find((t) => t.name === 'globex')!;
    const project = await store.projects.get(tenant.id, 'multi');
    expect(project).toMatchObject({
      roleArn: null,
      gcp: {
        workloadIdentityProvider:
          'projects/123456789012/locations/global/workloadIdentityPools/github/providers/grape',
        serviceAccount: 'grape-deploy@globex-prod.iam.gserviceaccount.com',
        projectId: 'globex-prod',
      },
      azure: {
        clientId: 'c0ffee00-1111-4222-8333-444455556666',
        tenantId: '7d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
        subscriptionId: '5abcc41b-0000-4000-8000-000000000001',
        environment: 'usgovernment',
      },
    });
  });

  it.each([
    [
      ['--gcp-provider', 'projects/acme-prod/locations/global/workloadIdentityPools/g/providers/p'],
      "--gcp-provider 'projects/acme-prod/",
    ],
    [
      ['--gcp-service-account', 'grape-deploy@globex-prod.iam.gserviceaccount.com'],
      '--gcp-provider is required with --gcp-service-account or --gcp-project',
    ],
    [
      [
        '--azure-client-id',
        'not-a-guid',
        '--azure-tenant-id',
        '7d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
      ],
      "--azure-client-id 'not-a-guid' is not valid",
    ],
    [
      ['--azure-client-id', 'c0ffee00-1111-4222-8333-444455556666'],
      '--azure-client-id and --azure-tenant-id go together',
    ],
    [
      [
        '--azure-client-id',
        'c0ffee00-1111-4222-8333-444455556666',
        '--azure-tenant-id',
        '7d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
        '--azure-environment',
        'AzureUSGovernment',
      ],
      "--azure-environment 'AzureUSGovernment' is not an Azure cloud azurerm knows: use one of public, usgovernment, china",
    ],
    [['--azure-environment', 'china'], '--azure-client-id and --azure-tenant-id go together'],
  ])('refuses %j naming the flag', async (extra, message) => {
    const result = await create('odd', extra);
    expect(result.code).not.toBe(0);
    expect(result.err).toContain(message);
  });
});
