/**
 * `grape hooks …`: a tenant's outbound webhooks over the HTTP API (GRAPE_URL, an admin GRAPE_TOKEN):
 * create (prints the signing secret once), list, delete, test (one delivery now, with its
 * response code), deliveries (the log, one attempt a line).
 */
import type { Command } from 'commander';
import { apiClient } from './api-client.js';
import { CliError, type CliIO } from './cli-io.js';

const HOOK_ID = /^hook_[0-9a-f]{20}$/;
const EVENTS = [
  'deployment.awaiting_approval',
  'deployment.succeeded',
  'deployment.failed',
  'deployment.cancelled',
  'deployment.drifted',
];

interface Hook {
  id: string;
  url: string;
  format: string;
  events: string[];
  secret?: string;
}
interface Delivery {
  id: number;
  event: string;
  deploymentId: string | null;
  status: string;
  attempts: { at: string; responseCode: number | null; error: string | null }[];
}

function hookId(id: string): string {
  if (!HOOK_ID.test(id))
    throw new CliError(
      `'${id}' is not a webhook id: use the hook_… id that \`grape hooks list\` printed.`,
    );
  return id;
}

const collect = (value: string, previous: string[] = []): string[] => {
  if (!EVENTS.includes(value))
    throw new CliError(`--event '${value}' is not one of ${EVENTS.join(', ')}.`);
  return [...previous, value];
};

const deliveryLine = (d: Delivery): string =>
  `${d.id}\t${d.event}\t${d.deploymentId ?? '-'}\t${d.status}\t${d.attempts.map((a) => a.responseCode ?? `error: ${a.error}`).join(',')}`;

export function hookCommands(program: Command, io: CliIO): void {
  const hooks = program
    .command('hooks')
    .description("The tenant's outbound webhooks (admin token)");

  hooks
    .command('create')
    .description('Register a webhook; prints its id and its signing secret (shown once)')
    .requiredOption('--url <url>', 'where to POST, e.g. https://hooks.example.com/grape')
    .option('--event <event>', `one of ${EVENTS.join(', ')} (repeatable; default all)`, collect)
    .option('--format <format>', 'json or slack', 'json')
    .action(async (o: { url: string; event?: string[]; format: string }) => {
      if (o.format !== 'json' && o.format !== 'slack')
        throw new CliError(`--format '${o.format}' is not json or slack: use e.g. --format slack.`);
      const hook = await apiClient(io)<Hook>('POST', '/v1/notifications/hooks', {
        url: o.url,
        format: o.format,
        ...(o.event ? { events: o.event } : {}),
      });
      io.out(`${hook.id}\t${hook.url}`);
      io.err(`Signing secret (shown once; verify X-Grape-Signature-256 with it): ${hook.secret}`);
    });

  hooks
    .command('list')
    .description('List webhooks')
    .action(async () => {
      const { items } = await apiClient(io)<{ items: Hook[] }>('GET', '/v1/notifications/hooks');
      if (items.length === 0) io.err('No webhooks.');
      for (const h of items) io.out(`${h.id}\t${h.url}\t${h.format}\t${h.events.join(',')}`);
    });

  hooks
    .command('delete <id>')
    .description('Delete a webhook')
    .action(async (id: string) => {
      await apiClient(io)('DELETE', `/v1/notifications/hooks/${hookId(id)}`);
      io.out(`deleted ${id}`);
    });

  hooks
    .command('test <id>')
    .description('Send a test delivery now and print its outcome')
    .action(async (id: string) => {
      const d = await apiClient(io)<Delivery>('POST', `/v1/notifications/hooks/${hookId(id)}/test`);
      io.out(deliveryLine(d));
      if (d.status !== 'delivered') throw new CliError(`The test delivery to ${id} failed.`);
    });

  hooks
    .command('deliveries <id>')
    .description(
      "A webhook's delivery log, newest first: id, event, deployment, status, response codes",
    )
    .action(async (id: string) => {
      const { items } = await apiClient(io)<{ items: Delivery[] }>(
        'GET',
        `/v1/notifications/hooks/${hookId(id)}/deliveries`,
      );
      if (items.length === 0) io.err('No deliveries.');
      for (const d of items) io.out(deliveryLine(d));
    });
}
