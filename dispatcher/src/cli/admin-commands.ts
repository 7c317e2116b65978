/** `grape tenant|project|token …`: operator commands, straight to the database (DATABASE_URL / GRAPE_DATA_DIR). */
import type { Command } from 'commander';
import { Value } from '@sinclair/typebox/value';
import { databaseFromEnv } from '../config.js';
import { CreateProjectBody } from '../schemas/project-schemas.js';
import { ROLES, type Role } from '../store/records.js';
import type { Store } from '../store/store.js';
import { CliError, type CliIO } from './cli-io.js';

const operator = (io: CliIO) => ({ actor: `cli:${io.env['USER'] ?? 'operator'}`, sourceIp: 'cli' });

async function withStore<T>(io: CliIO, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await io.openStore(databaseFromEnv(io.env));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function tenantOf(store: Store, idOrName: string) {
  const tenant = await store.tenants.get(idOrName);
  if (!tenant) throw new CliError(`No tenant '${idOrName}'. List them with \`grape tenant list\`.`);
  return tenant;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function adminCommands(program: Command, io: CliIO): void {
  const tenant = program.command('tenant').description('Manage tenants');
  tenant
    .command('create <name>')
    .description('Create a tenant')
    .action(async (name: string) => {
      if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(name))
        throw new CliError(
          `Tenant name '${name}' is not valid: use 2-63 lower-case letters, digits or '-', e.g. 'acme'.`,
        );
      const t = await withStore(io, (s) => s.tenants.create(name, operator(io)));
      io.out(`${t.id}\t${t.name}`);
    });
  tenant
    .command('list')
    .description('List tenants')
    .action(async () => {
      for (const t of await withStore(io, (s) => s.tenants.list())) io.out(`${t.id}\t${t.name}`);
    });

  const project = program.command('project').description('Manage projects');
  project
    .command('create')
    .description('Create a project (prints its ExternalId for the customer role)')
    .requiredOption('--tenant <tenant>', 'tenant id or name')
    .requiredOption('--name <name>', 'project name, e.g. network')
    .requiredOption('--repository <owner/repo>', 'repository holding the Terraform module')
    .option('--ref <ref>', 'default branch or tag', 'main')
    .option('--path <dir>', 'module directory in the repository', '')
    .option(
      '--role-arn <arn>',
      "the customer's role Grape assumes (omit when the module needs no AWS role)",
    )
    .requiredOption('--region <region>', 'AWS region, e.g. eu-west-1')
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
        repository: string;
        ref: string;
        path: string;
        roleArn?: string;
        region: string;
        stateBucket?: string;
        protect?: string[];
      }) => {
        const body = {
          name: o.name,
          source: { repository: o.repository, ref: o.ref, path: o.path },
          ...(o.roleArn ? { roleArn: o.roleArn } : {}),
          region: o.region,
          ...(o.stateBucket ? { backend: { bucket: o.stateBucket } } : {}),
          ...(o.protect ? { protectedEnvironments: o.protect } : {}),
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
            }[error.path] ??
            (error.path.startsWith('/protectedEnvironments') ? '--protect' : error.path);
          const example = (error.schema as { examples?: unknown[] }).examples?.[0];
          throw new CliError(
            `${flag} '${String(error.value)}' is not valid: ${error.message}${example !== undefined ? `, e.g. '${String(example)}'` : ''}.`,
          );
        }
        const created = await withStore(io, async (s) =>
          s.projects.create(
            (await tenantOf(s, o.tenant)).id,
            {
              ...body,
              roleArn: body.roleArn ?? null,
              sessionDurationSeconds: 3600,
              backend: body.backend ?? null,
              facts: null,
              protectedEnvironments: o.protect ?? [],
            },
            operator(io),
          ),
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
        const created = await withStore(io, async (s) =>
          s.tokens.create(
            (await tenantOf(s, o.tenant)).id,
            {
              name: o.name,
              role: o.role as Role,
              projects: o.project ?? null,
              environments: o.env ?? null,
            },
            operator(io),
          ),
        );
        io.err(
          `Created ${created.record.id} (${o.role}). Store the token now: it is not shown again.`,
        );
        io.out(created.token);
      },
    );
  token
    .command('revoke <id>')
    .requiredOption('--tenant <tenant>', 'tenant id or name')
    .action(async (id: string, o: { tenant: string }) => {
      const revoked = await withStore(io, async (s) =>
        s.tokens.revoke((await tenantOf(s, o.tenant)).id, id, operator(io)),
      );
      if (!revoked) throw new CliError(`No token '${id}' in tenant '${o.tenant}'.`);
      io.out(`revoked ${id}`);
    });
}
