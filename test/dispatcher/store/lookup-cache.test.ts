/**
 * Token and project lookups are served from memory only while change notifications arrive: a
 * revoked token stops working at once on the replica that revoked it and, through NOTIFY on
 * commit, on every other replica; with the listening connection lost, nothing is served from
 * memory until it is back.
 */
import pg from 'pg';
import type { Db, ListenHandlers } from '../../../dispatcher/src/store/db.js';
import { InvalidatingCache } from '../../../dispatcher/src/store/invalidating-cache.js';
import { listenForInvalidations } from '../../../dispatcher/src/store/invalidations.js';
import { openStore, type Store } from '../../../dispatcher/src/store/store.js';
import { describeEachBackend, postgres, type TestStore } from '../helpers/backends.js';

const ctx = { actor: 'tok_cache' };

/** Polls `check` (bounded) until it returns true. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never happened: ${what}`);
}

describe('the invalidating cache', () => {
  const loader = () => {
    let loads = 0;
    const load = async () => ({ n: ++loads });
    return { load, loads: () => loads };
  };

  it('reads through while not live, and serves from memory once live', async () => {
    const cache = new InvalidatingCache<{ n: number }>({ max: 10, ttlMs: 60_000 });
    const { load, loads } = loader();
    await cache.get('k', load);
    await cache.get('k', load);
    expect(loads()).toBe(2);
    cache.setLive(true);
    await cache.get('k', load);
    expect(await cache.get('k', load)).toEqual({ n: 3 });
    expect(loads()).toBe(3);
  });

  it('drops an entry on invalidation, everything when it stops being live, and never keeps misses', async () => {
    const cache = new InvalidatingCache<{ n: number }>({ max: 10, ttlMs: 60_000 });
    cache.setLive(true);
    const { load, loads } = loader();
    await cache.get('k', load);
    cache.invalidate('k');
    expect(await cache.get('k', load)).toEqual({ n: 2 });
    cache.setLive(false);
    expect(cache.size).toBe(0);
    cache.setLive(true);
    let misses = 0;
    await cache.get('absent', async () => void misses++);
    await cache.get('absent', async () => void misses++);
    expect(misses).toBe(2);
    expect(loads()).toBe(2);
  });

  it('does not keep a read that raced with an invalidation (it may predate the change)', async () => {
    const cache = new InvalidatingCache<{ v: string }>({ max: 10, ttlMs: 60_000 });
    cache.setLive(true);
    let release: () => void = () => undefined;
    const slow = cache.get('k', async () => {
      await new Promise<void>((r) => (release = r));
      return { v: 'before the change' };
    });
    await new Promise((r) => setImmediate(r));
    cache.invalidate('k');
    release();
    expect(await slow).toEqual({ v: 'before the change' });
    expect(await cache.get('k', async () => ({ v: 'after' }))).toEqual({ v: 'after' });
  });

  it('lets an entry live no longer than its time to live', async () => {
    const cache = new InvalidatingCache<{ v: number }>({ max: 10, ttlMs: 20 });
    cache.setLive(true);
    let n = 0;
    await cache.get('k', async () => ({ v: ++n }));
    await new Promise((r) => setTimeout(r, 40));
    expect(await cache.get('k', async () => ({ v: ++n }))).toEqual({ v: 2 });
  });
});

describe('going live', () => {
  /** A database whose notifications arrive, or (like a transaction-pooling PgBouncer) do not. */
  function fakeDb(delivers: boolean): Db {
    let handlers: ListenHandlers | undefined;
    return {
      kind: 'postgres',
      query: async <R>(_sql: string, params: readonly unknown[] = []) => {
        if (delivers) setImmediate(() => handlers?.onMessage(String(params[1])));
        return [] as R[];
      },
      exec: async () => undefined,
      transaction: () => Promise.reject(new Error('not used')),
      listen: async (_channel, h) => {
        handlers = h;
        h.onListening(true);
        return async () => undefined;
      },
      close: async () => undefined,
    };
  }

  it('serves from memory only once its own probe notification came back', async () => {
    const cache = new InvalidatingCache<{ n: number }>({ max: 10, ttlMs: 60_000 });
    let lost = 0;
    const stop = await listenForInvalidations(
      fakeDb(true),
      { token: cache, project: cache },
      { onProbeLost: () => lost++, probeTimeoutMs: 1_000 },
    );
    let loads = 0;
    await cache.get('k', async () => ({ n: ++loads }));
    await cache.get('k', async () => ({ n: ++loads }));
    expect([loads, lost]).toEqual([1, 0]);
    await stop();
  });

  it('stays off, and says so, where notifications never arrive', async () => {
    const cache = new InvalidatingCache<{ n: number }>({ max: 10, ttlMs: 60_000 });
    let lost = 0;
    const stop = await listenForInvalidations(
      fakeDb(false),
      { token: cache, project: cache },
      { onProbeLost: () => lost++, probeTimeoutMs: 30 },
    );
    let loads = 0;
    await cache.get('k', async () => ({ n: ++loads }));
    await cache.get('k', async () => ({ n: ++loads }));
    expect([loads, lost]).toEqual([2, 1]);
    await stop();
  });
});

describeEachBackend('token lookups', (backend) => {
  let store: TestStore;
  let tenantId: string;
  beforeAll(async () => {
    store = await backend.open();
    tenantId = (await store.tenants.create('acme-cache', ctx)).id;
  });
  afterAll(() => store.close());

  const newToken = () =>
    store.tokens.create(
      tenantId,
      { name: 'ci', role: 'deployer', projects: null, environments: null },
      ctx,
    );

  it('are served from memory: a change made behind the store is not seen until notified', async () => {
    const { token, record } = await newToken();
    expect(await store.tokens.findByToken(token)).toMatchObject({ id: record.id });
    await store.db.query('UPDATE api_tokens SET revoked_at = now() WHERE id = $1', [record.id]);
    expect(await store.tokens.findByToken(token)).toMatchObject({ id: record.id });
    const [{ hash }] = (await store.db.query<{ hash: string }>(
      'SELECT token_hash AS hash FROM api_tokens WHERE id = $1',
      [record.id],
    )) as [{ hash: string }];
    await store.db.query("SELECT pg_notify('grape_invalidate', $1)", [`token:${hash}`]);
    await eventually(
      async () => (await store.tokens.findByToken(token)) === undefined,
      'the notified token is dropped',
    );
  });

  it('stop accepting a token as soon as this replica revokes it', async () => {
    const { token, record } = await newToken();
    await store.tokens.findByToken(token);
    await store.tokens.revoke(tenantId, record.id, ctx);
    expect(await store.tokens.findByToken(token)).toBeUndefined();
  });

  it('ignore notifications of kinds they do not cache, whatever their shape', async () => {
    const { token, record } = await newToken();
    await store.tokens.findByToken(token);
    for (const payload of ['', 'nonsense', '__proto__:x', 'constructor:', 'project:*'])
      await store.db.query("SELECT pg_notify('grape_invalidate', $1)", [payload]);
    expect(await store.tokens.findByToken(token)).toMatchObject({ id: record.id });
  });
});

(postgres.available ? describe : describe.skip)(`replicas on ${postgres.name}`, () => {
  let a: TestStore;
  let b: Store;
  let tenantId: string;
  beforeAll(async () => {
    a = await postgres.open();
    b = await openStore({ kind: 'postgres', ...a.location! });
    tenantId = (await a.tenants.create('acme-replicas', ctx)).id;
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('a token revoked through one replica stops working on the other', async () => {
    const { token, record } = await a.tokens.create(
      tenantId,
      { name: 'ci', role: 'deployer', projects: null, environments: null },
      ctx,
    );
    expect(await b.tokens.findByToken(token)).toBeDefined();
    expect(await b.tokens.findByToken(token)).toBeDefined();
    await a.tokens.revoke(tenantId, record.id, ctx);
    await eventually(
      async () => (await b.tokens.findByToken(token)) === undefined,
      'replica B refuses the revoked token',
    );
  });

  it('while the listening connection is down nothing is served from memory; then caching resumes', async () => {
    const { token, record } = await a.tokens.create(
      tenantId,
      { name: 'ci-2', role: 'deployer', projects: null, environments: null },
      ctx,
    );
    await b.tokens.findByToken(token);
    const admin = new pg.Client({ connectionString: a.location!.url });
    await admin.connect();
    try {
      const killed = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE application_name = 'grape-dispatcher-listen' AND query ILIKE 'LISTEN%'`,
      );
      expect(killed.rowCount).toBeGreaterThan(0);
      // A revocation no notification announces (as if it happened while B could not hear):
      await a.db.query(`UPDATE api_tokens SET revoked_at = now() WHERE id = $1`, [record.id]);
      await eventually(
        async () => (await b.tokens.findByToken(token)) === undefined,
        'B reads the database while it cannot hear notifications',
      );
      // Back in service: B listens again and caches again.
      await a.db.query(`UPDATE api_tokens SET revoked_at = NULL WHERE id = $1`, [record.id]);
      await eventually(async () => {
        await b.tokens.findByToken(token);
        await a.db.query(`UPDATE api_tokens SET revoked_at = now() WHERE id = $1`, [record.id]);
        const servedFromMemory = (await b.tokens.findByToken(token)) !== undefined;
        if (!servedFromMemory)
          await a.db.query(`UPDATE api_tokens SET revoked_at = NULL WHERE id = $1`, [record.id]);
        return servedFromMemory;
      }, 'B caches again after reconnecting');
    } finally {
      await admin.end();
    }
  });
});
