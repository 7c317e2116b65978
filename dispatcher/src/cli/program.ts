/** The `grape` command line: serve, admin, deploy and the day-to-day deployment commands, audit. */
import { Command, CommanderError } from 'commander';
import { adminCommands } from './admin-commands.js';
import { auditVerify } from './audit-verify-command.js';
import { CliError, type CliIO } from './cli-io.js';
import { consoleLinkCommand } from './console-link-command.js';
import { deployCommand } from './deploy-command.js';
import { deploymentCommands } from './deployment-commands.js';
import { hookCommands } from './hook-commands.js';
import { scheduleCommands } from './schedule-commands.js';
import { EXIT, EXIT_CODES_HELP } from './exit-codes.js';

export function buildProgram(io: CliIO): Command {
  const program = new Command('grape')
    .description('Grape: zero-key Terraform/OpenTofu deployments through GitHub Actions')
    .version(io.version, '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
    })
    .addHelpText('after', EXIT_CODES_HELP);
  program
    .command('serve')
    .description('Run the dispatcher (configuration from the environment)')
    .action(() => io.serve());
  adminCommands(program, io);
  consoleLinkCommand(program, io);
  deployCommand(program, io);
  deploymentCommands(program, io);
  hookCommands(program, io);
  scheduleCommands(program, io);
  program
    .command('audit')
    .description('The audit log')
    .command('verify')
    .description(
      'Prove the audit chain (links; MACs with the audit key; the anchored head), or name the first broken link (exit code 3)',
    )
    .option('--json', 'print the verdict as JSON')
    .action((o: { json?: boolean }) => auditVerify(io, o));
  const configure = (command: Command): void => {
    command.exitOverride().configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
    });
    command.commands.forEach(configure);
  };
  configure(program);
  for (const command of program.commands)
    if (['deploy', 'approve'].includes(command.name()))
      command.addHelpText('after', EXIT_CODES_HELP);
  return program;
}

/** Runs the CLI; returns the process exit code. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    await buildProgram(io).parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CliError) {
      if (error.message !== '') io.err(`grape: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof CommanderError) return error.exitCode;
    io.err(`grape: ${(error as Error).message}`);
    return EXIT.error;
  }
}
