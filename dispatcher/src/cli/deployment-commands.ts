/**
 * Day-to-day commands over the HTTP API (GRAPE_URL, GRAPE_TOKEN): `deployments` (list), `show`,
 * `approve`, `cancel`, `logs`. Every read takes --json; flags are checked here, before any request,
 * with a message naming the flag and a good value.
 */
import type { Command } from 'commander';
import { STATUSES } from '../store/records.js';
import { apiClient, type ApiCall, type DeploymentView } from './api-client.js';
import { CliError, type CliIO } from './cli-io.js';
import { parseInterval, report } from './deploy-command.js';
import { exitFor, statusLine } from './follow-deployment.js';
import { logPrinter, outcomeLines, waitingPrinter } from './print-run-log.js';
import { streamRunLog } from './stream-run-log.js';
import type { RunLogView } from '../schemas/run-log-schemas.js';

const DEPLOYMENT_ID = /^dep_[0-9a-f]{20}$/;
const ENVIRONMENT = /^[a-z0-9][a-z0-9-]{0,62}$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function deploymentId(id: string): string {
  if (!DEPLOYMENT_ID.test(id))
    throw new CliError(
      `'${id}' is not a deployment id: use the dep_… id that \`grape deploy\` or \`grape deployments\` printed, e.g. dep_0123456789abcdef0123.`,
    );
  return id;
}

const json = (value: unknown): string => JSON.stringify(value, null, 2);

function counts(d: DeploymentView): string {
  const s = d.plan?.summary;
  if (!s) return '';
  return `+${s['create'] ?? 0} ~${s['update'] ?? 0} -${s['delete'] ?? 0}${s['replace'] ? ` ±${s['replace']}` : ''}`;
}

/** `grape show`'s human form: one field a line. */
function details(d: DeploymentView): string[] {
  const lines: Array<[string, string | null | undefined]> = [
    ['id', d.id],
    ['project', `${d.project.name} (${d.project.id})`],
    ['environment', d.environment],
    ['operation', d.operation],
    ['status', `${d.status}${d.statusReason ? `: ${d.statusReason}` : ''}`],
    ['queue position', d.queuePosition === null ? null : String(d.queuePosition)],
    ['ref', d.ref],
    ['requested by', d.requestedBy],
    ['approves', d.approves],
    [
      'plan',
      d.plan
        ? `${counts(d) || (d.plan.hasChanges === false ? 'no changes' : 'saved')}  sha256 ${d.plan.sha256}`
        : null,
    ],
    ['drift', d.drift ? `${d.drift} (scheduled drift check)` : null],
    ['run', d.run ? (d.run.url ?? String(d.run.id)) : null],
    ['facts commit', d.factsCommit],
    ['outputs', d.outputs?.join(', ')],
    ['created', d.createdAt],
    ['finished', d.finishedAt],
  ];
  return lines
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${`${k}:`.padEnd(16)}${v}`);
}

async function act(call: ApiCall, id: string, action: 'approve' | 'cancel', body?: unknown) {
  return call<DeploymentView>('POST', `/v1/deployments/${deploymentId(id)}/${action}`, body);
}

export function deploymentCommands(program: Command, io: CliIO): void {
  program
    .command('deployments')
    .description('List deployments, newest first (GRAPE_URL, GRAPE_TOKEN)')
    .option('--project <project>', 'only this project (id or name)')
    .option('--env <environment>', 'only this environment')
    .option('--status <status>', `only this status: ${STATUSES.join(', ')}`)
    .option('--drift <outcome>', 'only drift checks with this outcome: in-sync or drifted')
    .option('--limit <n>', 'how many, 1-200', '20')
    .option('--json', 'print the API response as JSON')
    .action(
      async (o: {
        project?: string;
        env?: string;
        status?: string;
        drift?: string;
        limit: string;
        json?: boolean;
      }) => {
        if (o.project !== undefined && !NAME.test(o.project))
          throw new CliError(
            `--project '${o.project}' is not a project name or id: use e.g. --project network.`,
          );
        if (o.env !== undefined && !ENVIRONMENT.test(o.env))
          throw new CliError(
            `--env '${o.env}' is not an environment name: use lower-case letters, digits and '-', e.g. --env prod.`,
          );
        if (o.status !== undefined && !(STATUSES as readonly string[]).includes(o.status))
          throw new CliError(
            `--status '${o.status}' is not a status: use one of ${STATUSES.join(', ')}.`,
          );
        if (o.drift !== undefined && o.drift !== 'in-sync' && o.drift !== 'drifted')
          throw new CliError(
            `--drift '${o.drift}' is not a drift outcome: use --drift drifted or --drift in-sync.`,
          );
        if (!/^(200|1[0-9]{2}|[1-9][0-9]?)$/.test(o.limit))
          throw new CliError(
            `--limit '${o.limit}' is not a number from 1 to 200: use e.g. --limit 20.`,
          );
        const call = apiClient(io);
        const query = new URLSearchParams({
          limit: o.limit,
          ...(o.project ? { project: o.project } : {}),
          ...(o.env ? { environment: o.env } : {}),
          ...(o.status ? { status: o.status } : {}),
          ...(o.drift ? { drift: o.drift } : {}),
        });
        const list = await call<{ items: DeploymentView[]; next: string | null }>(
          'GET',
          `/v1/deployments?${query.toString()}`,
        );
        if (o.json) return io.out(json(list));
        if (list.items.length === 0) return io.err('No deployments.');
        for (const d of list.items)
          io.out(
            [
              d.id,
              d.project.name,
              d.environment,
              d.operation,
              d.status,
              counts(d),
              d.drift,
              d.createdAt,
            ]
              .filter(Boolean)
              .join('\t'),
          );
      },
    );

  program
    .command('show <id>')
    .description('Show one deployment')
    .option('--json', 'print it as JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      const d = await apiClient(io)<DeploymentView>('GET', `/v1/deployments/${deploymentId(id)}`);
      if (o.json) io.out(json(d));
      else for (const line of details(d)) io.out(line);
    });

  program
    .command('approve <id>')
    .description('Apply exactly the plan this deployment made (it must be awaiting approval)')
    .option('--wait', 'follow the apply until it ends (exit code: see grape --help)')
    .option('--interval <seconds>', 'polling interval with --wait', '3')
    .option('--json', 'print the apply deployment as JSON')
    .action(async (id: string, o: { wait?: boolean; interval: string; json?: boolean }) => {
      parseInterval(o.interval);
      const call = apiClient(io);
      await report(io, call, await act(call, id, 'approve'), o);
    });

  program
    .command('cancel <id>')
    .description('Cancel a queued or running deployment')
    .option('--reason <text>', 'why, kept in the audit log')
    .option('--json', 'print the deployment as JSON')
    .action(async (id: string, o: { reason?: string; json?: boolean }) => {
      if (o.reason !== undefined && o.reason.length > 500)
        throw new CliError(`--reason is ${o.reason.length} characters long: keep it under 500.`);
      const call = apiClient(io);
      const d = await act(call, id, 'cancel', o.reason ? { reason: o.reason } : {});
      await report(io, call, d, { interval: '3', ...(o.json ? { json: true } : {}) });
    });

  program
    .command('logs <id>')
    .description(
      "Print a deployment's run log as the dispatcher holds it; -f follows it live until the run ends, then prints the outcome",
    )
    .option('-f, --follow', 'follow the log until the run ends (exit code: see grape --help)')
    .option('--json', 'print it as JSON (not with --follow)')
    .action(async (id: string, o: { follow?: boolean; json?: boolean }) => {
      if (o.follow && o.json)
        throw new CliError('--json prints the log so far: leave out --follow, or --json.');
      const call = apiClient(io);
      const dep = deploymentId(id);
      if (o.follow) {
        await streamRunLog(
          io,
          dep,
          logPrinter(dep, io.out, { raw: true }),
          undefined,
          waitingPrinter(dep, io.err),
        );
        const d = await call<DeploymentView>('GET', `/v1/deployments/${dep}`);
        for (const line of outcomeLines(d)) io.out(line);
        io.out(statusLine(d));
        exitFor(io, d);
        return;
      }
      const log = await call<RunLogView>('GET', `/v1/deployments/${dep}/logs`);
      if (o.json) io.out(json(log));
      else if (log.text !== '') io.out(log.text.replace(/\n$/, ''));
      if (!o.json && log.waiting) io.err(`${dep}  … ${log.waiting}`);
      if (!o.json && log.text === '' && log.complete)
        io.err(
          `The dispatcher holds no log for ${dep}${log.source === null ? ': the run never sent one' : ''}.`,
        );
    });
}
