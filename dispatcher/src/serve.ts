/** Runs a dispatcher until SIGTERM/SIGINT, then drains requests and stops its loops. */
import type { DispatcherConfig } from './config.js';
import { createDispatcher } from './create-dispatcher.js';
import { firstStart, firstStartMessage } from './first-start.js';

export async function serve(config: DispatcherConfig): Promise<void> {
  const { app, ctx } = await createDispatcher(config);
  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  const first = await firstStart(ctx.store, config);
  const address = await app.listen({ host: config.host, port: config.port });
  if (first) process.stdout.write(`${firstStartMessage(first, address)}\n`);
  app.log.info(
    { spec_key: ctx.specKey.kid, database: config.database.kind },
    `spec public key (GET /v1/spec-key):\n${ctx.specKey.publicKeyPem}`,
  );
}
