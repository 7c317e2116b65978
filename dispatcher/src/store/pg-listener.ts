/**
 * LISTEN on a dedicated PostgreSQL connection (a pooled one would be handed to other queries). When
 * the connection drops, the listener says so at once and reconnects in the background with a
 * capped backoff, saying so again once notifications flow.
 */
import pg from 'pg';
import type { ListenHandlers } from './db.js';

const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5_000;

export async function listenPg(
  config: pg.ClientConfig,
  channel: string,
  handlers: ListenHandlers,
): Promise<() => Promise<void>> {
  let stopped = false;
  let current: pg.Client | undefined;
  let retryMs = FIRST_RETRY_MS;
  let timer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const client = new pg.Client(config);
    client.on('notification', (n) => {
      if (n.channel === channel) handlers.onMessage(n.payload ?? '');
    });
    client.on('error', () => undefined); // 'end' follows and is handled there
    client.on('end', () => {
      if (current !== client) return;
      current = undefined;
      handlers.onListening(false);
      retry();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (stopped) return void (await client.end().catch(() => undefined));
    current = client;
    retryMs = FIRST_RETRY_MS;
    handlers.onListening(true);
  };

  const retry = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      connect().catch(() => {
        retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
        retry();
      });
    }, retryMs);
    timer.unref();
  };

  await connect();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    const client = current;
    current = undefined;
    await client?.end().catch(() => undefined);
  };
}
