/**
 * The terraform (or tofu) commands Grape runs, with their flags, exit-code meaning and error
 * text, for one working directory: one method per command. Non-interactive throughout (`-input=false`, TF_INPUT=0).
 */
import { CancelledError, GrapeError } from '../errors.js';
import { annotate, fromJsonEvent, type Diagnostic } from '../engine/diagnostics.js';
import type { PlanSummary } from './plan-json/plan-summary.js';
import { summarizePlan } from './plan-json/summarize-plan.js';
import type { PlanGuard } from './plan-guards.js';
import { readAll } from '../process/read-all.js';
import {
  runCommand,
  type CommandContext,
  type CommandDeps,
  type CommandResult,
} from '../engine/run-command.js';

const LOCK_TIMEOUT = '-lock-timeout=300s';

export class TerraformCli {
  constructor(
    private readonly ctx: CommandContext,
    private readonly deps: CommandDeps,
    /** `terraform` / `tofu`, for messages. */
    private readonly name: string,
  ) {}

  async init(backendConfig: readonly string[]): Promise<void> {
    const args = [
      'init',
      '-input=false',
      '-no-color',
      LOCK_TIMEOUT,
      ...backendConfig.map((kv) => `-backend-config=${kv}`),
    ];
    // Backend values can be credentials: the log shows the keys only.
    const shown = [
      'init',
      '-input=false',
      '-no-color',
      LOCK_TIMEOUT,
      ...backendConfig.map((kv) => `-backend-config=${kv.split('=')[0]}=***`),
    ];
    const result = await runCommand(this.ctx, args, { ...this.deps, io: this.logAs(shown) });
    this.check(result, 'init');
  }

  async selectWorkspace(workspace: string): Promise<void> {
    this.check(
      await runCommand(
        this.ctx,
        ['workspace', 'select', '-or-create=true', '-no-color', workspace],
        this.deps,
      ),
      `workspace select ${workspace}`,
    );
  }

  async validate(): Promise<void> {
    const result = await runCommand(this.ctx, ['validate', '-json', '-no-color'], this.deps, {
      consume: (out) => readAll(out, 64 << 20, 'validate -json'),
    });
    // validate -json prints one document: {"valid": …, "diagnostics": [{severity, summary, range…}]}.
    let diagnostics: Diagnostic[] = [];
    try {
      const doc = JSON.parse(result.value?.toString('utf8') ?? '{}') as { diagnostics?: object[] };
      diagnostics = (doc.diagnostics ?? []).flatMap(
        (d) => fromJsonEvent({ type: 'diagnostic', diagnostic: d }) ?? [],
      );
    } catch {
      /* not JSON: the exit code tells */
    }
    for (const d of diagnostics) annotate(this.deps.io, d, this.ctx.cwd, this.ctx.repositoryRoot);
    this.check({ ...result, diagnostics }, 'validate');
  }

  /** `plan -out`; returns whether the plan has changes (`-detailed-exitcode` 2) . */
  async plan(
    planFile: string,
    options: { destroy: boolean; varFiles: readonly string[] },
  ): Promise<boolean> {
    const args = [
      'plan',
      '-input=false',
      '-json',
      `-out=${planFile}`,
      '-detailed-exitcode',
      LOCK_TIMEOUT,
      ...(options.destroy ? ['-destroy'] : []),
      ...options.varFiles.map((f) => `-var-file=${f}`),
    ];
    const result = await runCommand(this.ctx, args, this.deps, { jsonEvents: true });
    if (result.exit.code === 2 && !result.cancelled) return true;
    this.check(result, 'plan');
    return false;
  }

  /** Streams `show -json <plan>` into the summariser (and the guards); never holds the JSON. */
  async show(planFile: string, guard: PlanGuard | undefined): Promise<PlanSummary> {
    const result = await runCommand(this.ctx, ['show', '-json', '-no-color', planFile], this.deps, {
      consume: (stdout) =>
        summarizePlan(stdout, {
          watchers: guard ? [guard] : [],
          origin: `the output of \`${this.name} show -json\``,
        }),
    });
    this.check(result, 'show');
    return result.value!;
  }

  async apply(planFile: string): Promise<void> {
    const result = await runCommand(
      this.ctx,
      ['apply', '-input=false', '-json', LOCK_TIMEOUT, planFile],
      this.deps,
      { jsonEvents: true },
    );
    this.check(result, 'apply');
  }

  /** `output -json`, as the engine printed it (kept as text: big numbers survive). */
  async outputs(): Promise<string> {
    const quiet = { ...this.deps, io: { ...this.deps.io, info: this.deps.io.debug } };
    const result = await runCommand(this.ctx, ['output', '-json', '-no-color'], quiet, {
      consume: (out) => readAll(out, 256 << 20, 'output -json'),
    });
    this.check(result, 'output');
    return result.value!.toString('utf8');
  }

  private logAs(shown: readonly string[]): CommandDeps['io'] {
    const io = this.deps.io;
    let first = true;
    return {
      ...io,
      info: (message: string) => {
        if (first && message.startsWith('[command]')) {
          first = false;
          io.info(`[command]${this.ctx.binary} ${shown.join(' ')}`);
        } else io.info(message);
      },
    };
  }

  private check(result: CommandResult<unknown>, command: string): void {
    if (result.cancelled)
      throw new CancelledError(
        `Cancelled during \`${this.name} ${command}\`: ${this.name} was stopped gracefully (exit ${result.exit.code ?? result.exit.signal}) so it could write its state and release the lock.`,
      );
    if (result.exit.code === 0) return;
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    // An error with a position is a cause; one without may be an umbrella over them ("Terraform
    // encountered problems during initialisation…"): name the first cause, with what it says.
    const first = errors.find((d) => d.file) ?? errors[0];
    const where = first?.file ? ` (${first.file}${first.line ? `:${first.line}` : ''})` : '';
    const detail = first?.detail
      .split(/\n\s*\n/)[0]!
      .replace(/\s+/g, ' ')
      .trim();
    const cause = first
      ? `: ${first.summary}${where}${detail ? `: ${detail.length > 300 ? `${detail.slice(0, 299)}…` : detail}` : ''}`
      : '';
    const failed = `\`${this.name} ${command}\` failed (exit ${result.exit.code ?? result.exit.signal})${cause}`;
    throw new GrapeError(
      `${failed}${/[.…]$/.test(failed) ? '' : '.'}${errors.length > 1 ? ` ${errors.length - 1} more error(s) are shown as annotations.` : ''}`,
    );
  }
}
