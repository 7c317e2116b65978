/**
 * Webhook signing secrets at rest (issue 17), on both databases: the stored column never holds the
 * secret (AES-256-GCM under a subkey of the audit key, which lives outside the database); a secret
 * stored in clear by an older dispatcher is sealed in place at start, once (a second start changes
 * nothing); deliveries are still signed with the secret; and a replica started with another audit
 * key refuses to start, naming GRAPE_AUDIT_KEY, rather than sign what nobody can verify.
 */
import { verifyBody } from '../../../dispatcher/src/notifications/sign-body.js';
import { listenOnLoopback, readBody, type LoopbackServer } from '../../harness/http-server.js';
import { describeEachBackend, type TestStore } from '../helpers/backends.js';
import {
  seedTenant,
  startDispatcher,
  startEnvironment,
  type Environment,
  type Tenant,
  type TestDispatcher,
} from '../helpers/dispatcher-fixture.js';

const AUDIT_KEY = 'audit-key-of-every-replica-0123456789';

describeEachBackend('webhook secrets at rest', (backend) => {
  let environment: Environment;
  let store: TestStore;
  let grape: TestDispatcher;
  let acme: Tenant;
  let receiver: LoopbackServer;
  const received: { signature: string; body: string }[] = [];
  const envWith = (auditKey: string) => ({
    ...environment,
    env: { ...environment.env, GRAPE_NOTIFY_ALLOW: 'loopback', GRAPE_AUDIT_KEY: auditKey },
  });

  beforeAll(async () => {
    environment = await startEnvironment();
    store = await backend.open(environment.clock);
    acme = await seedTenant(store, 'acme');
    receiver = await listenOnLoopback(async (req, res) => {
      received.push({
        signature: String(req.headers['x-grape-signature-256']),
        body: (await readBody(req)).toString(),
      });
      res.writeHead(204).end();
    });
  });
  afterAll(async () => {
    await receiver.close();
    await store.close();
    await environment.close();
  });

  const stored = async () =>
    store.db.query<{ id: string; secret: string }>(
      'SELECT id, secret FROM notification_hooks ORDER BY id',
    );

  it('stores a new hook’s secret sealed, never in clear, and signs deliveries with it', async () => {
    grape = await startDispatcher(envWith(AUDIT_KEY), store);
    try {
      const res = await grape.request({
        method: 'POST',
        url: '/v1/notifications/hooks',
        token: acme.admin,
        payload: { url: `${receiver.url}/hook` },
      });
      expect(res.statusCode).toBe(201);
      const { id, secret } = res.json() as { id: string; secret: string };
      expect(secret).toMatch(/^whsec_/);
      const [row] = (await stored()).filter((r) => r.id === id);
      expect(row!.secret).toMatch(/^v1:[0-9a-f]{16}:[A-Za-z0-9_-]+$/);
      expect(row!.secret).not.toContain(secret);
      expect(row!.secret).not.toContain(secret.slice('whsec_'.length));
      // Nowhere else in the database either.
      const dump = await store.db.query<{ t: string }>(
        `SELECT row_to_json(h)::text AS t FROM notification_hooks h`,
      );
      expect(dump.map((r) => r.t).join('\n')).not.toContain(secret);

      const test = await grape.request({
        method: 'POST',
        url: `/v1/notifications/hooks/${id}/test`,
        token: acme.admin,
      });
      expect(test.statusCode).toBeLessThan(300);
      await grape.ctx.notificationSender.tick();
      expect(received.length).toBeGreaterThan(0);
      const last = received.at(-1)!;
      expect(verifyBody(secret, last.body, last.signature)).toBe(true);
    } finally {
      await grape.app.close();
    }
  });

  it('seals a secret an older dispatcher stored in clear, once, at start', async () => {
    await store.db.query(
      `INSERT INTO notification_hooks (id, tenant_id, url, secret, format, events, created_by)
       VALUES ('hook_00000000000000000001', $1, $2, 'whsec_from_before_encryption', 'json',
               ARRAY['deployment.failed'], 'test')`,
      [acme.id, `${receiver.url}/old`],
    );
    grape = await startDispatcher(envWith(AUDIT_KEY), store);
    let first: string;
    try {
      [first] = (await stored())
        .filter((r) => r.id === 'hook_00000000000000000001')
        .map((r) => r.secret) as [string];
      expect(first).toMatch(/^v1:/);
      expect(first).not.toContain('whsec_from_before_encryption');
      // The API and the sender still read the same secret.
      const hook = await grape.ctx.notifications.getHookById('hook_00000000000000000001');
      expect(hook!.secret).toBe('whsec_from_before_encryption');
    } finally {
      await grape.app.close();
    }
    grape = await startDispatcher(envWith(AUDIT_KEY), store);
    await grape.app.close();
    expect(
      (await stored()).filter((r) => r.id === 'hook_00000000000000000001').map((r) => r.secret),
    ).toEqual([first]);
  });

  it('refuses to start a replica whose audit key is not the one that sealed the secrets', async () => {
    await expect(
      startDispatcher(envWith('another-audit-key-0123456789abcdef-xyz'), store),
    ).rejects.toThrow(
      /^The signing secret of webhook hook_[0-9a-f]{20} is encrypted with key [0-9a-f]{16}, but this replica's key is [0-9a-f]{16} \(derived from the audit key, from GRAPE_AUDIT_KEY\): start every replica sharing this database with the same GRAPE_AUDIT_KEY/,
    );
  });
});
