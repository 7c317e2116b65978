/** The `grape` command line: serve, admin, deploy, audit. */
import { Command, CommanderError } from 'commander';
import { databaseFromEnv } from '../config.js';
import { adminCommands } from './admin-commands.js';
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
    .description('Prove the hash chain intact, or name the first broken link')
    .action(async () => {
      const store = await io.openStore(databaseFromEnv(io.env));
      try {
        const verdict = await store.audit.verify();
        if (verdict.ok)
          io.out(`audit chain intact: ${verdict.events} events, head ${verdict.head}`);
        else
          throw new CliError(
            `audit chain BROKEN at event ${verdict.brokenAt}: ${verdict.reason} (${verdict.events} events before it are intact)`,
            3,
          );
      } finally {
        await store.close();
      }
    });
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
