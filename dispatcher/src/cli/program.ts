/** The `grape` command line: serve, admin, deploy, audit. */
import { Command, CommanderError } from 'commander';
import { adminCommands } from './admin-commands.js';
import { auditVerify } from './audit-verify-command.js';
import { CliError, type CliIO } from './cli-io.js';
import { deployCommand } from './deploy-command.js';

export function buildProgram(io: CliIO): Command {
  const program = new Command('grape')
    .description('Grape: zero-key Terraform/OpenTofu deployments through GitHub Actions')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
    });
  program
    .command('serve')
    .description('Run the dispatcher (configuration from the environment)')
    .action(() => io.serve());
  adminCommands(program, io);
  deployCommand(program, io);
  program
    .command('audit')
    .description('The audit log')
    .command('verify')
    .description(
      'Prove the audit chain (links; MACs with the audit key; the anchored head), or name the first broken link',
    )
    .action(() => auditVerify(io));
  for (const command of program.commands)
    command.exitOverride().configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
    });
  return program;
}

/** Runs the CLI; returns the process exit code. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    await buildProgram(io).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`grape: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof CommanderError) return error.exitCode;
    io.err(`grape: ${(error as Error).message}`);
    return 1;
  }
}
