/**
 * Console sessions through the HTTP app (no browser): a one-time link becomes an HttpOnly SameSite
 * cookie; a used or expired link is refused; a session is one more way into the same API with the
 * same authorization; a state-changing request without the session's CSRF token is refused; the
 * audit log names the person; another tenant's deployment is not found; members are validated, and
 * removing one ends the GitHub sessions it let in.
 */
import { createSignInLink } from '../../../dispatcher/src/console/sign-in-link.js';
import { DEFAULT_CONSOLE } from '../../../dispatcher/src/console/console-settings.js';
import { ConsoleSessions } from '../../../dispatcher/src/console/console-sessions.js';
import { describeEachBackend, type TestStore } from '../helpers/backends.js';
import {
  seedTenant,
  startDispatcher,
  startEnvironment,
  type Environment,
  type Tenant,
  type TestDispatcher,
} from '../helpers/dispatcher-fixture.js';

describeEachBackend('console sessions', (backend) => {
  let environment: Environment;
  let store: TestStore;
  let d: TestDispatcher;
  let acme: Tenant;
  let other: Tenant;

  beforeAll(async () => {
    environment = await startEnvironment();
    store = await backend.open(environment.clock);
    d = await startDispatcher(environment, store);
    acme = await seedTenant(store, 'acme');
    other = await seedTenant(store, 'other');
  });
  afterAll(async () => {
    await d.app.close();
    await store.close();
    await environment.close();
  });

  const link = async (tenantId = acme.id) =>
    (
      await createSignInLink(
        store,
        tenantId,
        { actor: 'cli:test' },
        DEFAULT_CONSOLE,
        environment.clock,
      )
    ).path;
  const signIn = async (tenantId?: string) => {
    const res = await d.request({ method: 'GET', url: await link(tenantId) });
    expect(res.statusCode).toBe(303);
    const cookie = String(res.headers['set-cookie']);
    const value = /grape_session=([^;]+)/.exec(cookie)![1]!;
    const session = await d.request({
      method: 'GET',
      url: '/console/session',
      headers: { cookie: `__Host-grape_session=${value}` },
    });
    return {
      cookie,
      value,
      session: session.json() as { csrfToken: string; login: string; role: string },
    };
  };

  it('turns a link into a Secure HttpOnly SameSite=Lax __Host- cookie (https public URL) and redirects to the deployments page', async () => {
    const { cookie, session } = await signIn();
    expect(cookie).toMatch(
      /^__Host-grape_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=28800; Secure$/,
    );
    expect(session).toMatchObject({
      login: 'local:admin',
      role: 'admin',
      csrfToken: expect.stringMatching(/^[\w-]{43}$/),
    });
  });

  it('refuses a link the second time, and an expired one, with a page saying how to get a fresh one', async () => {
    const path = await link();
    expect((await d.request({ method: 'GET', url: path })).statusCode).toBe(303);
    const again = await d.request({ method: 'GET', url: path });
    expect(again.statusCode).toBe(401);
    expect(again.body).toContain('has expired, was already used');
    expect(again.body).toContain('grape console-link');
    const late = await link();
    environment.clock.advance((DEFAULT_CONSOLE.linkTtlSeconds + 1) * 1000);
    expect((await d.request({ method: 'GET', url: late })).statusCode).toBe(401);
    expect(
      (await d.request({ method: 'GET', url: '/console/sign-in?code=nonsense' })).statusCode,
    ).toBe(401);
  });

  it('reads the API with the cookie, refuses a state-changing request without the CSRF token, accepts it with', async () => {
    const { value, session } = await signIn();
    const cookie = `__Host-grape_session=${value}`;
    expect(
      (await d.request({ method: 'GET', url: '/v1/projects', headers: { cookie } })).statusCode,
    ).toBe(200);
    const body = { name: 'from-console', role: 'viewer' };
    const without = await d.request({
      method: 'POST',
      url: '/v1/tokens',
      headers: { cookie },
      payload: body,
    });
    expect(without.statusCode).toBe(403);
    expect(without.json()).toMatchObject({ error: 'csrf_rejected' });
    const wrong = await d.request({
      method: 'POST',
      url: '/v1/tokens',
      headers: { cookie, 'x-grape-csrf': 'x'.repeat(43) },
      payload: body,
    });
    expect(wrong.statusCode).toBe(403);
    const ok = await d.request({
      method: 'POST',
      url: '/v1/tokens',
      headers: { cookie, 'x-grape-csrf': session.csrfToken },
      payload: body,
    });
    expect(ok.statusCode).toBe(201);
    const audit = await d.request({ method: 'GET', url: '/v1/audit?limit=5', token: acme.admin });
    expect(audit.json().items).toContainEqual(
      expect.objectContaining({ action: 'token.create', actor: 'local:admin' }),
    );
  });

  it("answers another tenant's deployment as not found", async () => {
    const created = await d.request({
      method: 'POST',
      url: '/v1/deployments',
      token: other.deployer,
      payload: { project: other.project.name, environment: 'dev', operation: 'plan' },
    });
    expect(created.statusCode).toBe(202);
    const { value } = await signIn(acme.id);
    const res = await d.request({
      method: 'GET',
      url: `/v1/deployments/${created.json().id}`,
      headers: { cookie: `__Host-grape_session=${value}` },
    });
    expect(res.statusCode).toBe(404);
  });

  it('ends the session at sign-out, and an expired session is refused', async () => {
    const { value, session } = await signIn();
    const cookie = `__Host-grape_session=${value}`;
    const out = await d.request({
      method: 'POST',
      url: '/console/sign-out',
      headers: { cookie, 'x-grape-csrf': session.csrfToken },
    });
    expect(out.statusCode).toBe(204);
    const after = await d.request({ method: 'GET', url: '/v1/projects', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json().message).toBe(
      'The console session has expired or was signed out: sign in again.',
    );
    const second = await signIn();
    environment.clock.advance((DEFAULT_CONSOLE.sessionTtlSeconds + 1) * 1000);
    expect(
      (
        await d.request({
          method: 'GET',
          url: '/v1/projects',
          headers: { cookie: `__Host-grape_session=${second.value}` },
        })
      ).statusCode,
    ).toBe(401);
  });

  describe('members', () => {
    it('lets an admin add a login, an org and a team, and refuses bad names with the field named', async () => {
      for (const body of [
        { kind: 'user', name: 'octocat', role: 'viewer' },
        { kind: 'org', name: 'acme-corp', role: 'deployer' },
        { kind: 'team', name: 'acme-corp/platform', role: 'admin' },
      ])
        expect(
          (
            await d.request({
              method: 'POST',
              url: '/v1/members',
              token: acme.admin,
              payload: body,
            })
          ).statusCode,
        ).toBe(201);
      const bad = await d.request({
        method: 'POST',
        url: '/v1/members',
        token: acme.admin,
        payload: { kind: 'team', name: 'platform', role: 'admin' },
      });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().problems[0]).toMatchObject({
        field: 'name',
        expected: "e.g. 'acme/platform'",
      });
      const dup = await d.request({
        method: 'POST',
        url: '/v1/members',
        token: acme.admin,
        payload: { kind: 'user', name: 'OctoCat', role: 'admin' },
      });
      expect(dup.statusCode).toBe(409);
      const list = await d.request({ method: 'GET', url: '/v1/members', token: acme.viewer });
      expect(list.json().members.map((m: { name: string }) => m.name)).toEqual([
        'acme-corp',
        'acme-corp/platform',
        'octocat',
      ]);
      const denied = await d.request({
        method: 'POST',
        url: '/v1/members',
        token: acme.deployer,
        payload: { kind: 'user', name: 'x', role: 'viewer' },
      });
      expect(denied.statusCode).toBe(403);
    });
  });

  describe('removing a member', () => {
    /** A GitHub session as sign-in opens one (the OAuth round trip is console.e2e's). */
    const githubSession = async (tenantId: string, login: string) =>
      (
        await new ConsoleSessions(store.db, environment.clock, {
          linkSeconds: DEFAULT_CONSOLE.linkTtlSeconds,
          sessionSeconds: DEFAULT_CONSOLE.sessionTtlSeconds,
        }).open(
          { tenantId, login: `github:${login}`, role: 'deployer' },
          { actor: `github:${login}` },
        )
      ).cookie;
    const alive = async (cookie: string) =>
      (
        await d.request({
          method: 'GET',
          url: '/v1/projects',
          headers: { cookie: `__Host-grape_session=${cookie}` },
        })
      ).statusCode === 200;
    const add = async (kind: string, name: string) =>
      (
        await d.request({
          method: 'POST',
          url: '/v1/members',
          token: acme.admin,
          payload: { kind, name, role: 'deployer' },
        })
      ).json().id as string;
    const remove = (id: string) =>
      d.request({ method: 'DELETE', url: `/v1/members/${id}`, token: acme.admin });

    it("ends that login's sessions at once, and only theirs", async () => {
      const id = await add('user', 'Leaver');
      const leaver = await githubSession(acme.id, 'leaver');
      const stayer = await githubSession(acme.id, 'stayer');
      const elsewhere = await githubSession(other.id, 'leaver');
      const { value: local } = await signIn();
      expect(await alive(leaver)).toBe(true);
      expect((await remove(id)).statusCode).toBe(204);
      expect(await alive(leaver)).toBe(false);
      expect([await alive(stayer), await alive(elsewhere), await alive(local)]).toEqual([
        true,
        true,
        true,
      ]);
      const [event] = await store.audit.list(acme.id, { limit: 1 });
      expect(event).toMatchObject({
        action: 'member.remove',
        data: { kind: 'user', name: 'leaver', sessionsEnded: 1 },
      });
    });

    it("ends every GitHub session of the tenant when an org or team goes (who came in through it is GitHub's answer at sign-in)", async () => {
      const id = await add('team', 'acme-corp/leavers');
      const a = await githubSession(acme.id, 'anyone');
      const elsewhere = await githubSession(other.id, 'anyone');
      const { value: local } = await signIn();
      expect((await remove(id)).statusCode).toBe(204);
      expect(await alive(a)).toBe(false);
      expect([await alive(elsewhere), await alive(local)]).toEqual([true, true]);
    });
  });

  it('serves the console under a strict CSP, or says how to build it', async () => {
    const res = await d.request({ method: 'GET', url: '/' });
    expect([200, 503]).toContain(res.statusCode);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});
