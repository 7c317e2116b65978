/** `grape deploy`: a client of the HTTP API (GRAPE_URL + GRAPE_TOKEN), with live status under --wait. */
import type { Command } from 'commander';
import { CliError, type CliIO } from './cli-io.js';

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled', 'awaiting-approval']);

interface DeploymentView {
  id: string;
  status: string;
  statusReason: string | null;
  queuePosition: number | null;
  run: { url: string | null } | null;
}

function parseVar(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0)
    throw new CliError(`--var '${value}' is not name=value, e.g. --var instance_count=3.`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

export function deployCommand(program: Command, io: CliIO): void {
  program
    .command('deploy')
    .description('Request a deployment through the dispatcher (GRAPE_URL, GRAPE_TOKEN)')
    .requiredOption('--project <project>', 'project id or name')
    .requiredOption('--env <environment>', 'environment, e.g. prod')
    .option('--operation <operation>', 'plan, apply or destroy', 'plan')
    .option('--ref <ref>', "branch, tag or commit (default: the project's)")
    .option('--var <name=value>', 'a non-secret Terraform variable (repeatable)', parseVar)
    .option('--idempotency-key <key>', 'retry-safe key: the same key returns the same deployment')
    .option('--wait', 'follow the deployment until it ends')
    .option('--interval <seconds>', 'polling interval with --wait', '3')
    .action(
      async (o: {
        project: string;
        env: string;
        operation: string;
        ref?: string;
        var?: Record<string, string>;
        idempotencyKey?: string;
        wait?: boolean;
        interval: string;
      }) => {
        const url = io.env['GRAPE_URL']?.replace(/\/+$/, '');
        const token = io.env['GRAPE_TOKEN'];
        if (!url)
          throw new CliError(
            'GRAPE_URL is not set: export the dispatcher URL, e.g. GRAPE_URL=https://grape.example.com.',
          );
        if (!token)
          throw new CliError(
            'GRAPE_TOKEN is not set: export an API token with the deployer role (`grape token create`).',
          );
        if (!['plan', 'apply', 'destroy'].includes(o.operation))
          throw new CliError(`--operation '${o.operation}' is not one of plan, apply, destroy.`);
        const interval = Number(o.interval);
        if (!Number.isFinite(interval) || interval < 0.1 || interval > 300)
          throw new CliError(
            `--interval '${o.interval}' is not a number of seconds from 0.1 to 300.`,
          );
        const call = async (
          method: string,
          path: string,
          body?: unknown,
          headers: Record<string, string> = {},
        ): Promise<DeploymentView> => {
          let response: Response;
          try {
            response = await io.fetch(`${url}${path}`, {
              method,
              headers: {
                authorization: `Bearer ${token}`,
                ...(body ? { 'content-type': 'application/json' } : {}),
                ...headers,
              },
              ...(body ? { body: JSON.stringify(body) } : {}),
            });
          } catch (error) {
            throw new CliError(`Could not reach ${url}: ${(error as Error).message}.`);
          }
          const json = (await response.json().catch(() => ({}))) as DeploymentView & {
            message?: string;
          };
          if (!response.ok)
            throw new CliError(
              `The dispatcher answered ${response.status}: ${json.message ?? 'no details'}${response.headers.get('retry-after') ? ` (retry after ${response.headers.get('retry-after')}s)` : ''}.`,
            );
          return json;
        };
        const body = {
          project: o.project,
          environment: o.env,
          operation: o.operation,
          ...(o.ref ? { ref: o.ref } : {}),
          ...(o.var ? { variables: o.var } : {}),
        };
        let d = await call(
          'POST',
          '/v1/deployments',
          body,
          o.idempotencyKey ? { 'idempotency-key': o.idempotencyKey } : {},
        );
        const show = (v: DeploymentView): void =>
          io.out(
            `${v.id}  ${v.status}${v.queuePosition ? ` (queue position ${v.queuePosition})` : ''}${v.statusReason ? `: ${v.statusReason}` : ''}${v.run?.url ? `  ${v.run.url}` : ''}`,
          );
        show(d);
        if (!o.wait) return;
        let last = `${d.status}|${d.statusReason}|${d.queuePosition}`;
        while (!TERMINAL.has(d.status)) {
          await io.sleep(interval * 1000);
          d = await call('GET', `/v1/deployments/${d.id}`);
          const now = `${d.status}|${d.statusReason}|${d.queuePosition}`;
          if (now !== last) show(d);
          last = now;
        }
        if (d.status === 'failed' || d.status === 'cancelled')
          throw new CliError(`Deployment ${d.id} ${d.status}.`, 2);
      },
    );
}
