/**
 * Claiming in the creating transaction (deployments-store.ts `claimWith`): the replica that takes
 * a request claims what is dispatchable in the same transaction as the insert, within the room its
 * loop has, and hands the claimed rows over only after the commit. The claim obeys the loop's
 * rules (the oldest queued of an environment with nothing active), never costs a creation when it
 * is refused, and its audit events are sealed like any other. Both databases, keyed chain.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadAuditKey, type AuditKey } from '../../../dispatcher/src/audit/audit-key.js';
import type { Db } from '../../../dispatcher/src/store/db.js';
import type { NewDeployment } from '../../../dispatcher/src/store/deployments-store.js';
import type { Deployment, ProjectInput } from '../../../dispatcher/src/store/records.js';
import { describeEachBackend, type TestStore } from '../helpers/backends.js';
import { manualClock } from '../helpers/clock.js';
import { eventually } from '../../harness/eventually.js';

const ctx = { actor: 'tok_claim', sourceIp: '127.0.0.1', requestId: 'req-c' };
const projectInput: ProjectInput = {
  name: 'network',
  source: { repository: 'acme/infra', ref: 'main', path: '' },
  roleArn: null,
  region: 'eu-west-1',
  sessionDurationSeconds: 3600,
  backend: null,
  facts: null,
  protectedEnvironments: [],
};

/** A claimer with a fixed room that records what it was handed, and whether it was committed. */
function recordingClaimer(db: Db, room: number) {
  const taken: { deployment: Deployment; committedStatus: string | undefined }[] = [];
  const pending: Promise<void>[] = [];
  return {
    taken,
    settled: () => Promise.all(pending),
    room: () => room,
    take(claimed: readonly Deployment[]) {
      for (const deployment of claimed)
        pending.push(
          // Read on another connection: the row must already be committed `dispatching`.
          db
            .query<{ status: string }>('SELECT status FROM deployments WHERE id = $1', [
              deployment.id,
            ])
            .then(([row]) => void taken.push({ deployment, committedStatus: row?.status })),
        );
    },
  };
}

describeEachBackend('claiming in the creating transaction', (backend) => {
  let store: TestStore;
  let key: AuditKey;
  let dataDir: string;
  let base: Omit<NewDeployment, 'environment'>;
  let serial = 0;
  const env = () => `c${++serial}`;

  beforeAll(async () => {
    store = await backend.open(manualClock());
    dataDir = await mkdtemp(path.join(tmpdir(), 'grape-claim-'));
    key = (await loadAuditKey(undefined, dataDir))!;
    await store.audit.seal(key);
    const tenantId = (await store.tenants.create('acme-claim', ctx)).id;
    const projectId = (await store.projects.create(tenantId, projectInput, ctx)).id;
    base = {
      tenantId,
      projectId,
      operation: 'apply',
      ref: 'main',
      variables: {},
      idempotencyKey: null,
      requestHash: null,
    };
  });
  afterAll(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('claims a new deployment in its own transaction and hands it over committed', async () => {
    const claimer = recordingClaimer(store.db, 16);
    const detach = store.deployments.claimWith(claimer);
    try {
      const created = await store.deployments.create({ ...base, environment: env() }, ctx);
      await claimer.settled();
      expect(created).toMatchObject({
        created: true,
        queuePosition: undefined,
        deployment: { status: 'dispatching', attempts: 1 },
      });
      expect(claimer.taken).toEqual([
        { deployment: created.deployment, committedStatus: 'dispatching' },
      ]);
      const events = (await store.audit.list(base.tenantId, { limit: 10 }))
        .filter((e) => e.objectId === created.deployment.id)
        .map((e) => [e.action, e.actor]);
      expect(events).toEqual([
        ['deployment.dispatching', 'system'],
        ['deployment.create', 'tok_claim'],
      ]);
      expect(await store.audit.verify({ key })).toMatchObject({ ok: true });
    } finally {
      detach();
    }
  });

  it('claims one per environment, the oldest first, within the room it is given', async () => {
    const busy = env();
    const claimer = recordingClaimer(store.db, 3);
    const detach = store.deployments.claimWith(claimer);
    try {
      const results = await Promise.all([
        store.deployments.create({ ...base, environment: busy }, ctx),
        store.deployments.create({ ...base, environment: busy }, ctx),
        ...Array.from({ length: 6 }, () =>
          store.deployments.create({ ...base, environment: env() }, ctx),
        ),
      ]);
      await claimer.settled();
      const claimedIds = claimer.taken.map((t) => t.deployment.id);
      // Each creating transaction claims at most 3; together never two of one environment.
      const byEnv = new Map<string, number>();
      for (const t of claimer.taken)
        byEnv.set(t.deployment.environment, (byEnv.get(t.deployment.environment) ?? 0) + 1);
      expect([...byEnv.values()].every((n) => n === 1)).toBe(true);
      expect(claimer.taken.every((t) => t.committedStatus === 'dispatching')).toBe(true);
      const [first, second] = results;
      expect(claimedIds).not.toContain(second!.deployment.id);
      expect(second!.deployment.status).toBe('queued');
      expect(second!.queuePosition).toBe(1 + (claimedIds.includes(first!.deployment.id) ? 0 : 1));
      // Whatever a result says is what the database holds.
      for (const r of results)
        expect((await store.deployments.getById(r.deployment.id))!.status).toBe(
          r.deployment.status,
        );
    } finally {
      detach();
    }
  });

  it('leaves the rows queued, and creates them, when the claim is refused', async () => {
    // What refuses a claim in production is the one-active index, when another replica's claim of
    // the same environment commits first; here a trigger refuses it the same way, every time.
    const refused = env();
    await store.db.exec(`
      CREATE FUNCTION test_refuse_claim() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE unique_violation USING MESSAGE =
          'duplicate key value violates unique constraint "deployments_one_active"';
      END $$;
      CREATE TRIGGER test_refuse_claim BEFORE UPDATE ON deployments FOR EACH ROW
        WHEN (NEW.environment = '${refused}' AND NEW.status = 'dispatching')
        EXECUTE FUNCTION test_refuse_claim();`);
    try {
      const claimer = recordingClaimer(store.db, 16);
      const detach = store.deployments.claimWith(claimer);
      const [created, other] = await Promise.all([
        store.deployments.create({ ...base, environment: refused }, ctx),
        store.deployments.create({ ...base, environment: env() }, ctx),
      ]);
      detach();
      await claimer.settled();
      expect(created).toMatchObject({
        created: true,
        queuePosition: 1,
        deployment: { status: 'queued', attempts: 0 },
      });
      expect((await store.deployments.getById(created.deployment.id))!.status).toBe('queued');
      // The other request of the same batch, if it shared the statement, lost its claim with it:
      // whatever it says is what the database holds.
      expect((await store.deployments.getById(other.deployment.id))!.status).toBe(
        other.deployment.status,
      );
      expect(claimer.taken.map((t) => t.deployment.id)).not.toContain(created.deployment.id);
      const events = (await store.audit.list(base.tenantId, { limit: 20 }))
        .filter((e) => e.objectId === created.deployment.id)
        .map((e) => e.action);
      expect(events).toEqual(['deployment.create']);
      expect(await store.audit.verify({ key })).toMatchObject({ ok: true });
    } finally {
      await store.db.exec(
        'DROP TRIGGER test_refuse_claim ON deployments; DROP FUNCTION test_refuse_claim();',
      );
    }
  });

  it('wakes the dispatch loops only for a deployment still queued at commit', async () => {
    const wakes: number[] = [];
    let created = 0;
    const stop = await store.db.listen('grape_dispatch', {
      onMessage: () => void wakes.push(created),
      onListening: () => undefined,
    });
    try {
      const claimer = recordingClaimer(store.db, 16);
      const detach = store.deployments.claimWith(claimer);
      const claimed = await store.deployments.create({ ...base, environment: env() }, ctx);
      detach();
      created = 1;
      const queued = await store.deployments.create({ ...base, environment: env() }, ctx);
      expect([claimed.deployment.status, queued.deployment.status]).toEqual([
        'dispatching',
        'queued',
      ]);
      // Notifications arrive in commit order: once the queued one's is here, a wake for the
      // claimed one would have come first.
      await eventually(() => wakes.length > 0, { tries: 200, everyMs: 10 }).catch(() => undefined);
      expect(wakes).toEqual([1]);
    } finally {
      await stop();
    }
  });

  it('does not claim without room, nor once detached', async () => {
    const full = recordingClaimer(store.db, 0);
    const detach = store.deployments.claimWith(full);
    const a = await store.deployments.create({ ...base, environment: env() }, ctx);
    detach();
    const later = recordingClaimer(store.db, 16);
    store.deployments.claimWith(later)();
    const b = await store.deployments.create({ ...base, environment: env() }, ctx);
    expect([a.deployment.status, b.deployment.status]).toEqual(['queued', 'queued']);
    expect(full.taken).toEqual([]);
    expect(later.taken).toEqual([]);
  });
});
