/**
 * Runs a dispatcher until SIGTERM/SIGINT, then drains requests and stops its loops. On the
 * embedded database it first takes the data directory's lock (one writer: a second server is
 * refused), and publishes its loopback address and a control credential there so the `grape` CLI
 * sends operator commands through it instead of opening the database a second time.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { acquireDataDirLock, lockDirOf, type DataDirLock } from './admin/data-dir-lock.js';
import type { DispatcherConfig } from './config.js';
import { createDispatcher } from './create-dispatcher.js';
import { firstStart, firstStartMessage } from './first-start.js';
import { loadAuditEvidence } from './audit/audit-evidence.js';
import { controlRoutes } from './routes/control.js';
import { createSignInLink } from './console/sign-in-link.js';

/** The address a local client reaches the server at (a wildcard host answers on loopback). */
function loopbackUrl(host: string, address: AddressInfo): string {
  const reach = ['0.0.0.0', '::', ''].includes(host) ? '127.0.0.1' : address.address;
  return `http://${reach.includes(':') ? `[${reach}]` : reach}:${address.port}`;
}

export async function serve(config: DispatcherConfig): Promise<void> {
  const database = config.database;
  const lock: DataDirLock | undefined =
    database.kind === 'pglite' && database.dataDir !== undefined
      ? await acquireDataDirLock(lockDirOf(database.dataDir), 'server')
      : undefined;
  let app;
  let ctx;
  let anchorAudit;
  try {
    ({ app, ctx, anchorAudit } = await createDispatcher(config));
  } catch (error) {
    await lock?.release();
    throw error;
  }
  const controlToken = randomBytes(32).toString('hex');
  if (lock)
    controlRoutes(app, ctx.store, controlToken, {
      // Anchor the head first, so the CLI's verify also proves everything up to now.
      auditEvidence: async () => {
        await anchorAudit();
        return loadAuditEvidence({
          keyFromEnv: config.auditKey,
          anchorFile: undefined,
          dataDir: config.dataDir,
        });
      },
    });
  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    // The lock goes only once the database is closed (app.close closes the store).
    app.close().then(
      async () => {
        await lock?.release();
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  let first;
  let address;
  try {
    first = await firstStart(ctx.store, config);
    address = await app.listen({ host: config.host, port: config.port });
    await lock?.publish(
      loopbackUrl(config.host, app.server.address() as AddressInfo),
      controlToken,
    );
  } catch (error) {
    await app.close().catch(() => undefined);
    await lock?.release();
    throw error;
  }
  if (first) {
    const link = await createSignInLink(
      ctx.store,
      first.tenantId,
      { actor: 'system:first-start' },
      config.console,
    );
    process.stdout.write(`${firstStartMessage(first, address, `${address}${link.path}`)}\n`);
  }
  app.log.info(
    { spec_key: ctx.specKey.kid, database: config.database.kind },
    `spec public key (GET /v1/spec-key):\n${ctx.specKey.publicKeyPem}`,
  );
}
