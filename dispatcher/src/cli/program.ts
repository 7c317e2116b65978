/** The `grape` command line: serve, admin, deploy and the day-to-day deployment commands, audit. */
import { Command, CommanderError } from 'commander';
import { withAdmin } from './admin-client.js';
import { adminCommands } from './admin-commands.js';
import { CliError, type CliIO } from './cli-io.js';
import { deployCommand } from './deploy-command.js';
import { deploymentCommands } from './deployment-commands.js';
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
  deployCommand(program, io);
  deploymentCommands(program, io);
  program
    .command('audit')
    .description('The audit log')
    .command('verify')
    .description('Prove the hash chain intact, or name the first broken link (exit code 3)')
    .option('--json', 'print the verdict as JSON')
    .action(async (o: { json?: boolean }) => {
      const verdict = await withAdmin(io, (run) => run('audit.verify', {}));
      if (o.json) io.out(JSON.stringify(verdict, null, 2));
      if (verdict.ok) {
        if (!o.json) io.out(`audit chain intact: ${verdict.events} events, head ${verdict.head}`);
      } else
        throw new CliError(
          `audit chain BROKEN at event ${verdict.brokenAt}: ${verdict.reason} (${verdict.events} events before it are intact)`,
          EXIT.auditBroken,
        );
    });
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
