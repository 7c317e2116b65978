/**
 * `grape schedule …`: a tenant's drift-check schedules over the HTTP API (/v1/drift-schedules,
 * GRAPE_URL and an admin GRAPE_TOKEN): create (a cron expression in an IANA time zone per project
 * and environment; the dispatcher checks both and names the bad one), list, delete. Each fired
 * slot requests a plan whose outcome, in sync or drifted, `grape show` prints.
 */
import type { Command } from 'commander';
import { apiClient } from './api-client.js';
import { CliError, type CliIO } from './cli-io.js';

const SCHEDULE_ID = /^sch_[0-9a-f]{20}$/;

interface Schedule {
  id: string;
  projectId: string;
  environment: string;
  cron: string;
  timeZone: string;
  nextRun: string | null;
}

const line = (s: Schedule): string =>
  `${s.id}\t${s.projectId}\t${s.environment}\t${s.cron}\t${s.timeZone}\t${s.nextRun ?? '-'}`;

export function scheduleCommands(program: Command, io: CliIO): void {
  const schedule = program
    .command('schedule')
    .description("The tenant's drift-check schedules (admin token)");

  schedule
    .command('create')
    .description(
      'Schedule drift-checking plans of a project environment; prints id, project, environment, cron, time zone, next run',
    )
    .requiredOption('--project <project>', 'project id or name, e.g. network')
    .requiredOption('--env <environment>', 'environment, e.g. prod')
    .requiredOption('--cron <expression>', "cron expression, e.g. '0 3 * * *' (daily at 03:00)")
    .option('--time-zone <zone>', 'IANA time zone of the expression, e.g. Europe/Paris', 'UTC')
    .action(async (o: { project: string; env: string; cron: string; timeZone: string }) => {
      const s = await apiClient(io)<Schedule>('POST', '/v1/drift-schedules', {
        project: o.project,
        environment: o.env,
        cron: o.cron,
        timeZone: o.timeZone,
      });
      io.out(line(s));
    });

  schedule
    .command('list')
    .description('List schedules: id, project, environment, cron, time zone, next run')
    .action(async () => {
      const { items } = await apiClient(io)<{ items: Schedule[] }>('GET', '/v1/drift-schedules');
      if (items.length === 0) io.err('No drift-check schedules.');
      for (const s of items) io.out(line(s));
    });

  schedule
    .command('delete <id>')
    .description('Delete a schedule (plans it already requested are kept)')
    .action(async (id: string) => {
      if (!SCHEDULE_ID.test(id))
        throw new CliError(
          `'${id}' is not a schedule id: use the sch_… id that \`grape schedule list\` printed.`,
        );
      await apiClient(io)('DELETE', `/v1/drift-schedules/${id}`);
      io.out(`deleted ${id}`);
    });
}
