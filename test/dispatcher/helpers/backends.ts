/**
 * The two databases the dispatcher runs on. PGlite always; PostgreSQL when GRAPE_TEST_DATABASE_URL
 * is set (.ci/run always sets it) — otherwise those cases are skipped with a message saying so.
 * Each store gets its own PostgreSQL schema, dropped on close, so test files run in parallel.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type Store } from '../../../dispatcher/src/store/store.js';

export const postgresUrl = process.env['GRAPE_TEST_DATABASE_URL'];

export interface Backend {
  readonly name: string;
  readonly available: boolean;
  /** Opens a fresh, migrated store; `close()` also drops its data. */
  open(clock?: () => Date): Promise<TestStore>;
}

export interface TestStore extends Store {
  /** For a second replica on the same database (PostgreSQL only). */
  readonly location: { readonly url: string; readonly schema: string } | undefined;
}

export const pglite: Backend = {
  name: 'PGlite',
  available: true,
  open: async (clock) => ({
    ...(await openStore({ kind: 'pglite', dataDir: undefined }, clock)),
    location: undefined,
  }),
};

export const postgres: Backend = {
  name: postgresUrl ? 'PostgreSQL' : 'PostgreSQL [skipped: GRAPE_TEST_DATABASE_URL unset]',
  available: postgresUrl !== undefined,
  async open(clock) {
    const url = postgresUrl!;
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const store = await openStore({ kind: 'postgres', url, schema }, clock);
    return {
      ...store,
      location: { url, schema },
      close: async () => {
        await store.close();
        await dropSchema(url, schema);
      },
    };
  },
};

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** `describe.each` rows: both backends, PostgreSQL skipped (with its reason in the name) when absent. */
export const backends: readonly Backend[] = [pglite, postgres];

export const describeEachBackend = (name: string, fn: (backend: Backend) => void): void => {
  for (const backend of backends)
    (backend.available ? describe : describe.skip)(`${name} on ${backend.name}`, () => fn(backend));
};
