/** `grape deploy`: a client of the HTTP API (GRAPE_URL + GRAPE_TOKEN), with live status under --wait. */
import type { Command } from 'commander';
import { apiClient, type DeploymentView } from './api-client.js';
import { CliError, type CliIO } from './cli-io.js';
import { exitFor, followDeployment, statusLine } from './follow-deployment.js';

function parseVar(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0)
    throw new CliError(`--var '${value}' is not name=value, e.g. --var instance_count=3.`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

/** The --interval flag as seconds, or a CliError naming it. */
export function parseInterval(value: string): number {
  const interval = Number(value);
  if (!Number.isFinite(interval) || interval < 0.1 || interval > 300)
    throw new CliError(
      `--interval '${value}' is not a number of seconds from 0.1 to 300: use e.g. --interval 3.`,
    );
  return interval;
}

/** Prints a deployment the user just acted on, then follows it with --wait. */
export async function report(
  io: CliIO,
  call: ReturnType<typeof apiClient>,
  d: DeploymentView,
  o: { wait?: boolean; interval: string; json?: boolean },
): Promise<void> {
  if (!o.wait) {
    io.out(o.json ? JSON.stringify(d, null, 2) : statusLine(d));
    return;
  }
  const say = o.json ? io.err : io.out;
  say(statusLine(d));
  const final = await followDeployment(io, call, d, parseInterval(o.interval), say);
  if (o.json) io.out(JSON.stringify(final, null, 2));
  exitFor(io, final);
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
    .option('--wait', 'follow the deployment until it ends (exit code: see grape --help)')
    .option('--interval <seconds>', 'polling interval with --wait', '3')
    .option('--json', 'print the deployment as JSON (with --wait: when it ends)')
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
        json?: boolean;
      }) => {
        if (!['plan', 'apply', 'destroy'].includes(o.operation))
          throw new CliError(
            `--operation '${o.operation}' is not one of plan, apply, destroy: use e.g. --operation plan.`,
          );
        parseInterval(o.interval);
        const call = apiClient(io);
        const body = {
          project: o.project,
          environment: o.env,
          operation: o.operation,
          ...(o.ref ? { ref: o.ref } : {}),
          ...(o.var ? { variables: o.var } : {}),
        };
        const d = await call<DeploymentView>(
          'POST',
          '/v1/deployments',
          body,
          o.idempotencyKey ? { 'idempotency-key': o.idempotencyKey } : {},
        );
        await report(io, call, d, o);
      },
    );
}
