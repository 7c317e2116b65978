/** The store on both databases: migrations, tenancy, idempotency, queue claims, the audit chain. */
import { describeEachBackend, type TestStore } from '../helpers/backends.js';
import { manualClock } from '../helpers/clock.js';
import { loadMigrations, migrate } from '../../../dispatcher/src/store/migrate.js';
import { IdempotencyConflict } from '../../../dispatcher/src/store/deployments-store.js';
import type { ProjectInput } from '../../../dispatcher/src/store/records.js';

const ctx = { actor: 'tok_test', sourceIp: '127.0.0.1', requestId: 'req-1' };
const projectInput: ProjectInput = {
  name: 'network',
  source: { repository: 'acme/infra', ref: 'main', path: 'stacks/network' },
  roleArn: 'arn:aws:iam::222222222222:role/grape-deploy',
  region: 'eu-west-1',
  sessionDurationSeconds: 3600,
  backend: null,
  facts: null,
  protectedEnvironments: ['prod'],
};

describeEachBackend('the store', (backend) => {
  let store: TestStore;
  const clock = manualClock();
  beforeAll(async () => {
    store = await backend.open(clock);
  });
  afterAll(() => store.close());

  it('applies the migrations once: a second run applies nothing', async () => {
    expect(await migrate(store.db)).toEqual([]);
    const rows = await store.db.query<{ version: number }>('SELECT version FROM schema_migrations');
    // Every numbered file of dispatcher/migrations, once.
    const versions = (await loadMigrations()).map((m) => m.version);
    expect(versions).toContain(10);
    expect(rows.map((r) => r.version)).toEqual(versions);
  });

  it('generates an ExternalId of 40 STS-safe characters per project', async () => {
    const tenant = await store.tenants.create('acme-ext', ctx);
    const a = await store.projects.create(tenant.id, projectInput, ctx);
    const b = await store.projects.create(tenant.id, { ...projectInput, name: 'other' }, ctx);
    expect(a.externalId).toMatch(/^[\w+=,.@:/-]{40}$/);
    expect(a.externalId).not.toBe(b.externalId);
    expect(await store.projects.get(tenant.id, 'network')).toEqual(a);
  });

  it("never returns another tenant's objects", async () => {
    const acme = await store.tenants.create('acme-iso', ctx);
    const evil = await store.tenants.create('evil-iso', ctx);
    const project = await store.projects.create(acme.id, projectInput, ctx);
    const { deployment } = await store.deployments.create(
      {
        tenantId: acme.id,
        projectId: project.id,
        environment: 'dev',
        operation: 'plan',
        ref: 'main',
        variables: {},
        idempotencyKey: null,
        requestHash: null,
      },
      ctx,
    );
    expect(await store.projects.get(evil.id, project.id)).toBeUndefined();
    expect(await store.deployments.get(evil.id, deployment.id)).toBeUndefined();
    expect(await store.deployments.list(evil.id, { limit: 10 })).toEqual([]);
    expect(await store.audit.list(evil.id, { limit: 100 })).toHaveLength(1); // its own creation only
  });

  it('stores tokens hashed and finds them by value until revoked', async () => {
    const tenant = await store.tenants.create('acme-tok', ctx);
    const { token, record } = await store.tokens.create(
      tenant.id,
      { name: 'ci', role: 'deployer', projects: null, environments: ['dev'] },
      ctx,
    );
    expect(token).toMatch(/^grape_[a-f0-9]{64}$/);
    const raw = await store.db.query<{ token_hash: string }>(
      'SELECT token_hash FROM api_tokens WHERE id = $1',
      [record.id],
    );
    expect(raw[0]!.token_hash).not.toContain(token.slice(6));
    expect((await store.tokens.findByToken(token))?.id).toBe(record.id);
    await store.tokens.revoke(tenant.id, record.id, ctx);
    expect(await store.tokens.findByToken(token)).toBeUndefined();
  });

  describe('idempotency and queues', () => {
    let tenantId: string;
    let projectId: string;
    const create = (environment: string, key: string | null = null, hash: string | null = null) =>
      store.deployments.create(
        {
          tenantId,
          projectId,
          environment,
          operation: 'apply',
          ref: 'main',
          variables: { size: 3 },
          idempotencyKey: key,
          requestHash: hash,
        },
        ctx,
      );
    beforeAll(async () => {
      tenantId = (await store.tenants.create('acme-queue', ctx)).id;
      projectId = (await store.projects.create(tenantId, projectInput, ctx)).id;
    });

    it('returns the first deployment for a repeated key and body, and refuses another body', async () => {
      const first = await create('idem', 'k1', 'h1');
      const again = await create('idem', 'k1', 'h1');
      expect(first.created).toBe(true);
      expect(again).toEqual({ deployment: first.deployment, created: false, queuePosition: 1 });
      await expect(create('idem', 'k1', 'h2')).rejects.toBeInstanceOf(IdempotencyConflict);
    });

    it('claims one deployment per environment at a time, oldest first', async () => {
      const a = (await create('q1')).deployment;
      const b = (await create('q1')).deployment;
      const c = (await create('q2')).deployment;
      expect(await store.deployments.queuePosition(b)).toBe(2);
      const claimed = [];
      for (let i = 0; i < 5; i++) {
        const d = await store.transitions.claimNext(ctx);
        if (d && d.environment.startsWith('q')) claimed.push(d.id);
      }
      expect(claimed).toEqual(expect.arrayContaining([a.id, c.id]));
      expect(claimed).not.toContain(b.id);
      const done = await store.transitions.apply(
        a.id,
        ['dispatching'],
        { status: 'succeeded' },
        { ...ctx, action: 'deployment.succeeded' },
      );
      expect(done?.finishedAt).toEqual(clock());
      expect((await store.transitions.claimNext(ctx))?.id).toBe(b.id);
    });

    it('refuses a transition from a state the deployment is no longer in', async () => {
      const d = (await create('t1')).deployment;
      expect(
        await store.transitions.apply(
          d.id,
          ['running'],
          { status: 'failed' },
          { ...ctx, action: 'x' },
        ),
      ).toBeUndefined();
      expect((await store.deployments.getById(d.id))?.status).toBe('queued');
    });

    it('does not let two deployments of one environment be active, even if asked directly', async () => {
      const a = (await create('u1')).deployment;
      const b = (await create('u1')).deployment;
      expect(
        await store.transitions.apply(
          a.id,
          ['queued'],
          { status: 'running' },
          { ...ctx, action: 'x' },
        ),
      ).toBeDefined();
      expect(
        await store.transitions.apply(
          b.id,
          ['queued'],
          { status: 'running' },
          { ...ctx, action: 'x' },
        ),
      ).toBeUndefined();
    });

    it('claims each queued deployment exactly once under concurrent claimers', async () => {
      const made = await Promise.all(Array.from({ length: 12 }, (_, i) => create(`c${i}`)));
      const claims = await Promise.all(
        Array.from({ length: 30 }, () => store.transitions.claimNext(ctx)),
      );
      const ids = claims.filter((d) => d !== undefined).map((d) => d.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const m of made) expect(ids).toContain(m.deployment.id);
    });
  });

  describe('the audit chain', () => {
    it('is intact after many appends, concurrent ones included', async () => {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.tenants.create(`chain-${i}`, ctx)),
      );
      const verdict = await store.audit.verify();
      expect(verdict.ok).toBe(true);
    });

    it('names the first broken link when an event is altered', async () => {
      const [row] = await store.db.query<{ seq: number }>(
        "SELECT seq FROM audit_events WHERE action = 'tenant.create' ORDER BY seq LIMIT 1 OFFSET 2",
      );
      await store.db.query("UPDATE audit_events SET actor = 'someone-else' WHERE seq = $1", [
        row!.seq,
      ]);
      expect(await store.audit.verify()).toMatchObject({
        ok: false,
        brokenAt: row!.seq,
        reason: 'its content does not match its hash',
      });
      await store.db.query("UPDATE audit_events SET actor = 'tok_test' WHERE seq = $1", [row!.seq]);
      expect((await store.audit.verify()).ok).toBe(true);
    });

    it('notices events removed from the end', async () => {
      const [head] = await store.db.query<{ seq: number }>('SELECT seq FROM audit_head');
      const [last] = await store.db.query<Record<string, unknown>>(
        'DELETE FROM audit_events WHERE seq = $1 RETURNING *',
        [head!.seq],
      );
      expect(await store.audit.verify()).toMatchObject({ ok: false, brokenAt: head!.seq });
      const cols = Object.keys(last!);
      await store.db.query(
        `INSERT INTO audit_events (${cols.join(',')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(',')})`,
        cols.map((c) => (c === 'data' ? JSON.stringify(last![c]) : last![c])),
      );
      expect((await store.audit.verify()).ok).toBe(true);
    });
  });
});
