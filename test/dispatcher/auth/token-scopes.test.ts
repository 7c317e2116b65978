/**
 * Scopes on every route: an admin token limited to one project and environment cannot mint a
 * wider token, revoke or list tokens outside its scope, create projects, read the tenant's whole
 * audit log, or read deployments outside its scope.
 */
import { describeEachBackend, type TestStore } from '../helpers/backends.js';
import {
  projectBody,
  seedTenant,
  startDispatcher,
  startEnvironment,
  type Environment,
  type Tenant,
  type TestDispatcher,
} from '../helpers/dispatcher-fixture.js';

describeEachBackend('scoped admin tokens', (backend) => {
  let environment: Environment;
  let store: TestStore;
  let grape: TestDispatcher;
  let acme: Tenant;
  /** admin, limited to project 'network' and environment 'dev'. */
  let scoped: string;
  let scopedId: string;
  let storageId: string;

  const createToken = (token: string, payload: Record<string, unknown>) =>
    grape.request({ method: 'POST', url: '/v1/tokens', token, payload });
  const deploy = async (token: string, project: string, env: string): Promise<string> => {
    const res = await grape.request({
      method: 'POST',
      url: '/v1/deployments',
      token,
      payload: { project, environment: env, operation: 'plan' },
    });
    expect(res.statusCode).toBe(202);
    return res.json().id;
  };

  beforeAll(async () => {
    environment = await startEnvironment();
    store = await backend.open(environment.clock);
    grape = await startDispatcher(environment, store);
    acme = await seedTenant(store, 'acme');
    storageId = (
      await store.projects.create(
        acme.id,
        {
          ...projectBody,
          name: 'storage',
          sessionDurationSeconds: 3600,
          protectedEnvironments: [],
        },
        { actor: 'operator' },
      )
    ).id;
    const created = await createToken(acme.admin, {
      name: 'network-dev-admin',
      role: 'admin',
      projects: ['network'],
      environments: ['dev'],
    });
    expect(created.statusCode).toBe(201);
    scoped = created.json().token;
    scopedId = created.json().id;
  });
  afterAll(async () => {
    await grape.app.close();
    await store.close();
    await environment.close();
  });

  describe('can never mint a wider token', () => {
    it.each([
      ['without limits', {}],
      ['for every environment of its project', { projects: ['network'] }],
      ['for every project in its environment', { environments: ['dev'] }],
      ['for another project', { projects: ['storage'], environments: ['dev'] }],
      ['for one more environment', { projects: ['network'], environments: ['dev', 'prod'] }],
      ['for a project that does not exist', { projects: ['ghost'], environments: ['dev'] }],
    ])('%s: 403', async (_name, scope) => {
      const res = await createToken(scoped, { name: 'wider', role: 'deployer', ...scope });
      expect(res.statusCode).toBe(403);
      expect(res.json().message).toBe(
        "This token is limited to projects 'network' and environments 'dev' (role 'admin'): it can only create tokens limited to the same or fewer projects and environments, with 'projects' and 'environments' given.",
      );
    });

    it('mints a token inside its scope (by project name or id)', async () => {
      for (const project of ['network', acme.project.id]) {
        const res = await createToken(scoped, {
          name: 'inside',
          role: 'deployer',
          projects: [project],
          environments: ['dev'],
        });
        expect(res.statusCode).toBe(201);
        expect(res.json()).toMatchObject({ projects: [project], environments: ['dev'] });
      }
    });

    it('an environment-limited admin cannot mint an unlimited one either', async () => {
      const envOnly = (
        await createToken(acme.admin, { name: 'dev-admin', role: 'admin', environments: ['dev'] })
      ).json().token;
      expect((await createToken(envOnly, { name: 'x', role: 'admin' })).statusCode).toBe(403);
      expect(
        (await createToken(envOnly, { name: 'x', role: 'viewer', environments: ['dev'] }))
          .statusCode,
      ).toBe(201);
    });
  });

  describe('tokens outside its scope read as absent', () => {
    const ids = async (token: string) =>
      (await grape.request({ method: 'GET', url: '/v1/tokens', token }))
        .json()
        .items.map((t: { id: string }) => t.id);

    it('lists only the tokens inside its scope', async () => {
      const all = await ids(acme.admin);
      const mine = await ids(scoped);
      expect(mine).toContain(scopedId);
      expect(mine.length).toBeLessThan(all.length);
      const unscoped = (
        await grape.request({ method: 'GET', url: '/v1/tokens', token: acme.admin })
      )
        .json()
        .items.filter((t: { projects: unknown }) => t.projects === null)
        .map((t: { id: string }) => t.id);
      expect(mine.filter((id: string) => unscoped.includes(id))).toEqual([]);
    });

    it('cannot revoke a token outside its scope (404), which keeps working', async () => {
      const tokens = (
        await grape.request({ method: 'GET', url: '/v1/tokens', token: acme.admin })
      ).json().items as { id: string; name: string }[];
      const adminId = tokens.find((t) => t.name === 'admin')!.id;
      const res = await grape.request({
        method: 'DELETE',
        url: `/v1/tokens/${adminId}`,
        token: scoped,
      });
      expect(res.statusCode).toBe(404);
      expect(
        (await grape.request({ method: 'GET', url: '/v1/tokens', token: acme.admin })).statusCode,
      ).toBe(200);
    });

    it('revokes a token inside its scope', async () => {
      const inside = (
        await createToken(scoped, {
          name: 'short-lived',
          role: 'viewer',
          projects: ['network'],
          environments: ['dev'],
        })
      ).json();
      const res = await grape.request({
        method: 'DELETE',
        url: `/v1/tokens/${inside.id}`,
        token: scoped,
      });
      expect(res.statusCode).toBe(200);
      expect(
        (await grape.request({ method: 'GET', url: '/v1/projects', token: inside.token }))
          .statusCode,
      ).toBe(401);
    });
  });

  it('cannot create projects', async () => {
    const res = await grape.request({
      method: 'POST',
      url: '/v1/projects',
      token: scoped,
      payload: { ...projectBody, name: 'sneaky' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toBe(
      "This token is limited to projects 'network' and environments 'dev'; creating a project needs an admin token without project or environment limits.",
    );
    expect(
      (
        await grape.request({
          method: 'POST',
          url: '/v1/projects',
          token: acme.admin,
          payload: { ...projectBody, name: 'allowed' },
        })
      ).statusCode,
    ).toBe(201);
  });

  describe('deployments and the audit log: only its scope', () => {
    let inside: string;
    let otherEnv: string;
    let otherProject: string;
    beforeAll(async () => {
      inside = await deploy(acme.deployer, 'network', 'dev');
      otherEnv = await deploy(acme.deployer, 'network', 'prod');
      otherProject = await deploy(acme.deployer, 'storage', 'dev');
    });

    it('reads deployments of its project and environment only', async () => {
      const get = async (id: string) =>
        (await grape.request({ method: 'GET', url: `/v1/deployments/${id}`, token: scoped }))
          .statusCode;
      expect(await get(inside)).toBe(200);
      expect(await get(otherEnv)).toBe(404);
      expect(await get(otherProject)).toBe(404);
      const listed = (await grape.request({ method: 'GET', url: '/v1/deployments', token: scoped }))
        .json()
        .items.map((d: { id: string }) => d.id);
      expect(listed).toEqual([inside]);
    });

    it("reads only its scope's audit events", async () => {
      const events = (
        await grape.request({ method: 'GET', url: '/v1/audit', token: scoped })
      ).json().items as { objectType: string; objectId: string; action: string }[];
      const objects = new Set(events.map((e) => `${e.objectType}:${e.objectId}`));
      expect(objects.has(`deployment:${inside}`)).toBe(true);
      expect(objects.has(`deployment:${otherEnv}`)).toBe(false);
      expect(objects.has(`deployment:${otherProject}`)).toBe(false);
      expect(objects.has(`project:${acme.project.id}`)).toBe(true);
      expect(objects.has(`project:${storageId}`)).toBe(false);
      expect(objects.has(`token:${scopedId}`)).toBe(true);
      expect(events.some((e) => e.objectType === 'tenant')).toBe(false);
      // Every token event it sees is about a token inside its scope.
      const visibleTokens = new Set(
        (await grape.request({ method: 'GET', url: '/v1/tokens', token: scoped }))
          .json()
          .items.map((t: { id: string }) => t.id),
      );
      for (const e of events.filter((x) => x.objectType === 'token'))
        expect(visibleTokens.has(e.objectId)).toBe(true);

      const all = (
        await grape.request({ method: 'GET', url: '/v1/audit', token: acme.admin })
      ).json().items as { objectType: string; objectId: string }[];
      expect(all.some((e) => e.objectId === otherEnv)).toBe(true);
      expect(all.some((e) => e.objectType === 'tenant')).toBe(true);
    });

    it('pages its scope with the cursor', async () => {
      const first = (
        await grape.request({ method: 'GET', url: '/v1/audit?limit=1', token: scoped })
      ).json();
      expect(first.items).toHaveLength(1);
      const second = (
        await grape.request({
          method: 'GET',
          url: `/v1/audit?limit=1&cursor=${first.next}`,
          token: scoped,
        })
      ).json();
      expect(second.items[0].seq).toBeLessThan(first.items[0].seq);
    });
  });
});
