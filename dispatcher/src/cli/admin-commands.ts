/**
 * `grape tenant|project|token …`: operator commands on the dispatcher's database (DATABASE_URL /
 * GRAPE_DATA_DIR), through the running server when one holds an embedded database (admin-client.ts).
 */
import type { Command } from 'commander';
import { Value } from '@sinclair/typebox/value';
import { TENANT_NAME } from '../admin/admin-operations.js';
import { CreateProjectBody } from '../schemas/project-schemas.js';
import { ROLES, type Role } from '../store/records.js';
import { withAdmin } from './admin-client.js';
import { CliError, type CliIO } from './cli-io.js';
import { CLOUD_FLAGS, cloudIdentities } from './cloud-flags.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function adminCommands(program: Command, io: CliIO): void {
  const tenant = program.command('tenant').description('Manage tenants');
  tenant
    .command('create <name>')
    .description('Create a tenant')
    .action(async (name: string) => {
      if (!TENANT_NAME.test(name))
        throw new CliError(
          `Tenant name '${name}' is not valid: use 2-63 lower-case letters, digits or '-', e.g. 'acme'.`,
        );
      const t = await withAdmin(io, (run) => run('tenant.create', { name }));
      io.out(`${t.id}\t${t.name}`);
    });
  tenant
    .command('list')
    .description('List tenants')
    .action(async () => {
      for (const t of await withAdmin(io, (run) => run('tenant.list', {})))
        io.out(`${t.id}\t${t.name}`);
    });

  const project = program.command('project').description('Manage projects');
  project
    .command('create')
    .description('Create a project (prints its ExternalId for the customer role)')
    .requiredOption('--tenant <tenant>', 'tenant id or name')
    .requiredOption('--name <name>', 'project name, e.g. network')
    .option(
      '--repository <owner/repo>',
      'repository holding the Terraform module (needed for GitHub runs; the local executor takes the module from GRAPE_LOCAL_SOURCE_DIR, default local/<name>)',
    )
    .option('--ref <ref>', 'default branch or tag', 'main')
    .option('--path <dir>', 'module directory in the repository', '')
    .option(
      '--role-arn <arn>',
      "the customer's role Grape assumes (omit when the module needs no AWS role)",
    )
    .requiredOption('--region <region>', 'AWS region, e.g. eu-west-1')
    .option(
      '--gcp-provider <name>',
      'Google Cloud workload identity pool provider, projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER',
    )
    .option('--gcp-service-account <email>', 'Google Cloud service account to impersonate')
    .option('--gcp-project <id>', 'Google Cloud project id the providers default to')
    .option('--azure-client-id <guid>', 'Azure app registration or managed identity client id')
    .option('--azure-tenant-id <guid>', 'Azure directory (tenant) id')
    .option('--azure-subscription-id <guid>', 'Azure subscription id')
    .option('--azure-environment <cloud>', 'Azure cloud: public, usgovernment or china')
    .option('--state-bucket <bucket>', 'S3 bucket for the Terraform state')
    .option(
      '--protect <env>',
      'protected environment (repeatable): apply only through an approved plan',
      collect,
    )
    .action(
      async (o: {
        tenant: string;
        name: string;
        repository?: string;
        ref: string;
        path: string;
        roleArn?: string;
        region: string;
        stateBucket?: string;
        protect?: string[];
        gcpProvider?: string;
        gcpServiceAccount?: string;
        gcpProject?: string;
        azureClientId?: string;
        azureTenantId?: string;
        azureSubscriptionId?: string;
        azureEnvironment?: string;
      }) => {
        const body = {
          name: o.name,
          source: { repository: o.repository ?? `local/${o.name}`, ref: o.ref, path: o.path },
          ...(o.roleArn ? { roleArn: o.roleArn } : {}),
          region: o.region,
          ...(o.stateBucket ? { backend: { bucket: o.stateBucket } } : {}),
          ...(o.protect ? { protectedEnvironments: o.protect } : {}),
          ...cloudIdentities(o),
        };
        const error = [...Value.Errors(CreateProjectBody, body)][0];
        if (error) {
          const flag =
            {
              '/name': '--name',
              '/source/repository': '--repository',
              '/source/ref': '--ref',
              '/source/path': '--path',
              '/roleArn': '--role-arn',
              '/region': '--region',
              '/backend/bucket': '--state-bucket',
              ...CLOUD_FLAGS,
            }[error.path] ??
            (error.path.startsWith('/protectedEnvironments') ? '--protect' : error.path);
          const example = (error.schema as { examples?: unknown[] }).examples?.[0];
          throw new CliError(
            `${flag} '${String(error.value)}' is not valid: ${error.message}${example !== undefined ? `, e.g. '${String(example)}'` : ''}.`,
          );
        }
        const created = await withAdmin(io, (run) =>
          run('project.create', { tenant: o.tenant, project: body }),
        );
        io.out(`${created.id}\t${created.name}\texternal-id=${created.externalId}`);
      },
    );

  const token = program.command('token').description('Manage API tokens');
  token
    .command('create')
    .description('Create an API token; it is printed once and never shown again')
    .requiredOption('--tenant <tenant>', 'tenant id or name')
    .requiredOption('--name <name>', 'what the token is for, e.g. ci')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--project <project>', 'limit to this project (repeatable)', collect)
    .option('--env <environment>', 'limit to this environment (repeatable)', collect)
    .action(
      async (o: {
        tenant: string;
        name: string;
        role: string;
        project?: string[];
        env?: string[];
      }) => {
        if (!(ROLES as readonly string[]).includes(o.role))
          throw new CliError(`--role '${o.role}' is not a role: use one of ${ROLES.join(', ')}.`);
        const created = await withAdmin(io, (run) =>
          run('token.create', {
            tenant: o.tenant,
            name: o.name,
            role: o.role as Role,
            projects: o.project ?? null,
            environments: o.env ?? null,
          }),
        );
        io.err(`Created ${created.id} (${o.role}). Store the token now: it is not shown again.`);
        io.out(created.token);
      },
    );
  token
    .command('revoke <id>')
    .requiredOption('--tenant <tenant>', 'tenant id or name')
    .action(async (id: string, o: { tenant: string }) => {
      await withAdmin(io, (run) => run('token.revoke', { tenant: o.tenant, id }));
      io.out(`revoked ${id}`);
    });
}
