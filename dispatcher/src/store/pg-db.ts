/** PostgreSQL through a `pg` pool (DATABASE_URL). */
import pg from 'pg';
import { createHash } from 'node:crypto';
import type { Db, Queryable, QueryOptions } from './db.js';
import { listenPg } from './pg-listener.js';

export interface PgDbOptions {
  readonly connectionString: string;
  /** A schema to work in (tests give each file its own); created when missing. */
  readonly schema?: string;
  readonly max?: number;
}

/** A prepared statement's name: derived from its text, so one text has one name everywhere. */
const statementName = (sql: string): string =>
  `grape_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;

const int8AsNumber = (value: string): number => Number(value);

export async function openPgDb({ connectionString, schema, max = 10 }: PgDbOptions): Promise<Db> {
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === 20
        ? int8AsNumber
        : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  if (schema !== undefined) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`bad schema name ${schema}`);
    const setup = new pg.Client({ connectionString });
    await setup.connect();
    await setup.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`).finally(() => setup.end());
  }
  const pool = new pg.Pool({
    connectionString,
    max,
    types,
    application_name: 'grape-dispatcher',
    ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const wrap = (client: pg.Pool | pg.PoolClient): Queryable => ({
    query: async <R>(sql: string, params: readonly unknown[] = [], options?: QueryOptions) =>
      (
        await client.query({
          text: sql,
          values: params as unknown[],
          ...(options?.prepare ? { name: statementName(sql) } : {}),
        })
      ).rows as R[],
    exec: async (sql) => void (await client.query(sql)),
  });
  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    listen: (channel, handlers) =>
      listenPg(
        { connectionString, types, application_name: 'grape-dispatcher-listen' },
        channel,
        handlers,
      ),
    close: () => pool.end(),
  };
}
