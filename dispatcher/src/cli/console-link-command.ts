/**
 * `grape console-link --tenant <tenant>`: prints a fresh one-time sign-in URL to the web console for
 * the tenant's admin (the first-start banner's `Console:` line, again). It goes through the running
 * server when one holds the embedded database, like the other operator commands.
 */
import type { Command } from 'commander';
import { withAdmin } from './admin-client.js';
import type { CliIO } from './cli-io.js';

/** Where people reach this dispatcher: GRAPE_PUBLIC_URL, else GRAPE_URL, else HOST:PORT. */
export function consoleBaseUrl(env: NodeJS.ProcessEnv): string {
  const given = env['GRAPE_PUBLIC_URL']?.trim() || env['GRAPE_URL']?.trim();
  if (given) return given.replace(/\/+$/, '');
  const host = env['HOST']?.trim() || '127.0.0.1';
  const reach = ['0.0.0.0', '::'].includes(host) ? '127.0.0.1' : host;
  return `http://${reach.includes(':') ? `[${reach}]` : reach}:${env['PORT']?.trim() || '8787'}`;
}

export function consoleLinkCommand(program: Command, io: CliIO): void {
  program
    .command('console-link')
    .description("Print a one-time sign-in link to the web console for a tenant's admin")
    .option('--tenant <tenant>', 'tenant id or name', 'demo')
    .action(async (o: { tenant: string }) => {
      const link = await withAdmin(io, (run) => run('console.link', { tenant: o.tenant }));
      io.err(`Valid once, until ${link.expiresAt}.`);
      io.out(`Console: ${consoleBaseUrl(io.env)}${link.path}`);
    });
}
