/**
 * The audit chain against a database writer: a keyed chain (HMAC with a key outside the database)
 * catches an edit with every later hash recomputed; an anchor kept outside the database catches
 * events removed from the end with the head moved back. Events from before keying stay verifiable
 * as a plain hash chain.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  eventContent,
  hashEvent,
  GENESIS_HASH,
} from '../../../dispatcher/src/audit/audit-event.js';
import { loadAuditKey, type AuditKey } from '../../../dispatcher/src/audit/audit-key.js';
import { toAuditEvent, type AuditRow } from '../../../dispatcher/src/audit/audit-log.js';
import type { Store } from '../../../dispatcher/src/store/store.js';
import { describeEachBackend, type TestStore } from '../helpers/backends.js';
import { runRecordedCli } from '../helpers/recording-cli.js';

const ctx = { actor: 'operator' };

/** What a writer without the key can do: recompute every hash from `fromSeq` on, and the head. */
async function rehashFrom(store: Store, fromSeq: number): Promise<void> {
  const rows = await store.db.query<AuditRow>('SELECT * FROM audit_events ORDER BY seq');
  let prev = GENESIS_HASH;
  for (const row of rows) {
    if (row.seq >= fromSeq) {
      const hash = hashEvent(prev, eventContent(toAuditEvent(row)));
      await store.db.query('UPDATE audit_events SET prev_hash = $2, hash = $3 WHERE seq = $1', [
        row.seq,
        prev,
        hash,
      ]);
      prev = hash;
    } else prev = row.hash;
  }
  const [last] = await store.db.query<{ seq: number }>('SELECT max(seq) AS seq FROM audit_events');
  await store.db.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [last!.seq, prev]);
}

describeEachBackend('the keyed, anchored audit chain', (backend) => {
  let store: TestStore;
  let dataDir: string;
  let key: AuditKey;
  let keyedFrom: number;

  const activity = async (name: string) => {
    const tenant = await store.tenants.create(name, ctx);
    await store.tokens.create(
      tenant.id,
      { name: 'ci', role: 'admin', projects: null, environments: null },
      ctx,
    );
    const project = await store.projects.create(
      tenant.id,
      {
        name: 'network',
        source: { repository: 'acme/infra', ref: 'main', path: '.' },
        roleArn: null,
        region: 'eu-west-1',
        sessionDurationSeconds: 3600,
        backend: null,
        facts: null,
        protectedEnvironments: [],
      },
      ctx,
    );
    // The group-commit path (a server-side function appends these events).
    await store.deployments.create(
      {
        tenantId: tenant.id,
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
  };

  beforeEach(async () => {
    store = await backend.open();
    dataDir = await mkdtemp(path.join(tmpdir(), 'grape-audit-'));
    // Events before keying (an existing chain at upgrade time)…
    await activity('before');
    key = (await loadAuditKey(undefined, dataDir))!;
    keyedFrom = await store.audit.seal(key);
    // …and after.
    await activity('after-1');
    await activity('after-2');
  });
  afterEach(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('proves an untouched chain, saying where keying starts and how far it proved', async () => {
    const anchor = await store.audit.anchor();
    const verdict = await store.audit.verify({ key, anchor });
    expect(verdict).toMatchObject({
      ok: true,
      lastSeq: anchor.seq,
      keyed: { from: keyedFrom, keyId: key.id },
      anchor,
      warnings: [],
    });
    expect(keyedFrom).toBeGreaterThan(0);
    expect(anchor.seq).toBeGreaterThan(keyedFrom + 5);
    const unsealed = await store.db.query(
      'SELECT seq FROM audit_events WHERE seq > $1 AND mac IS NULL',
      [keyedFrom],
    );
    expect(unsealed).toEqual([]);
  });

  it('catches an edit with every later hash recomputed (the plain chain does not)', async () => {
    const target = keyedFrom + 3;
    await store.db.query(`UPDATE audit_events SET actor = 'someone-else' WHERE seq = $1`, [target]);
    await rehashFrom(store, target);
    // Without the key the rewrite passes: that is exactly what the key is for.
    expect(await store.audit.verify()).toMatchObject({ ok: true });
    expect(await store.audit.verify({ key })).toEqual({
      ok: false,
      events: target - 1,
      brokenAt: target,
      reason: 'its MAC does not match (edited and rehashed, or sealed with another key)',
    });
  });

  it('catches a middle event removed with every later hash recomputed', async () => {
    const target = keyedFrom + 2;
    const [last] = await store.db.query<{ seq: number }>(
      'SELECT max(seq) AS seq FROM audit_events',
    );
    await store.db.query('DELETE FROM audit_events WHERE seq = $1', [target]);
    for (let seq = target + 1; seq <= last!.seq; seq++)
      await store.db.query('UPDATE audit_events SET seq = seq - 1, mac = mac WHERE seq = $1', [
        seq,
      ]);
    await rehashFrom(store, target);
    expect(await store.audit.verify()).toMatchObject({ ok: true });
    expect(await store.audit.verify({ key })).toMatchObject({ ok: false, brokenAt: target });
  });

  it('catches events removed from the end with the head moved back, through the anchor', async () => {
    const anchor = await store.audit.anchor();
    const keep = anchor.seq - 3;
    const [kept] = await store.db.query<{ hash: string }>(
      'SELECT hash FROM audit_events WHERE seq = $1',
      [keep],
    );
    await store.db.query('DELETE FROM audit_events WHERE seq > $1', [keep]);
    await store.db.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [
      keep,
      kept!.hash,
    ]);
    // Every remaining link and MAC holds: only the anchor can tell.
    expect(await store.audit.verify({ key })).toMatchObject({
      ok: true,
      warnings: ['no anchor: events removed from the end cannot be ruled out'],
    });
    expect(await store.audit.verify({ key, anchor })).toEqual({
      ok: false,
      events: keep,
      brokenAt: keep + 1,
      reason: `the log ends at event ${keep}, but the anchor written at ${anchor.at} proves event ${anchor.seq} existed (events removed from the end)`,
    });
  });

  it('catches a chain rewritten up to the anchored event', async () => {
    const anchor = await store.audit.anchor();
    await store.db.query(`UPDATE audit_events SET actor = 'x' WHERE seq = 1`);
    await rehashFrom(store, 1);
    expect(await store.audit.verify({ anchor })).toMatchObject({
      ok: false,
      brokenAt: anchor.seq,
      reason: expect.stringContaining('(the chain was rewritten up to it)'),
    });
  });

  it('refuses a forged anchor and a moved keying start', async () => {
    const anchor = await store.audit.anchor();
    expect(
      await store.audit.verify({ key, anchor: { ...anchor, mac: 'f'.repeat(64) } }),
    ).toMatchObject({ ok: false, reason: expect.stringContaining("anchor's MAC does not match") });
    await store.db.query('UPDATE audit_head SET keyed_from = seq WHERE id = 1');
    expect(await store.audit.verify({ key })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('does not carry this key'),
    });
  });

  it('refuses another key', async () => {
    const other = (await loadAuditKey('another-key-of-at-least-32-characters!', dataDir))!;
    expect(await store.audit.verify({ key: other })).toMatchObject({ ok: false });
  });

  it('`grape audit verify` reads the key and anchor from the data dir and reports what it proved', async () => {
    const anchor = await store.audit.anchor();
    await writeFile(path.join(dataDir, 'audit-anchor.json'), JSON.stringify(anchor));
    const cli = () => runRecordedCli(['audit', 'verify'], { store, dataDir });
    const good = await cli();
    expect(good.code).toBe(0);
    expect(good.out).toEqual([
      `audit chain intact: ${anchor.seq} events, last seq ${anchor.seq}, head ${anchor.hash}`,
      `keyed (key ${key.id}): MACs proved for events ${keyedFrom + 1} to ${anchor.seq}; events 1 to ${keyedFrom} predate keying (hash chain only)`,
      `anchor ${path.join(dataDir, 'audit-anchor.json')}: event ${anchor.seq} (anchored ${anchor.at}) is in the log with its hash`,
    ]);
    expect(good.err).toEqual([]);

    await store.db.query('DELETE FROM audit_events WHERE seq = $1', [anchor.seq]);
    const [prev] = await store.db.query<{ hash: string }>(
      'SELECT hash FROM audit_events WHERE seq = $1',
      [anchor.seq - 1],
    );
    await store.db.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [
      anchor.seq - 1,
      prev!.hash,
    ]);
    const bad = await cli();
    expect(bad.code).toBe(3);
    expect(bad.err.join('\n')).toContain(`audit chain BROKEN at event ${anchor.seq}`);
  });
});
