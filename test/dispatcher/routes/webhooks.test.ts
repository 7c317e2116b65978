/**
 * The webhook route: signature over the raw bytes first (unsigned garbage is 401, not 400), then
 * JSON, then the payload's shape (400 naming the field, never 500).
 */
import { Webhooks } from '@octokit/webhooks';
import { describeEachBackend, type TestStore } from '../helpers/backends.js';
import {
  WEBHOOK_SECRET,
  seedTenant,
  startDispatcher,
  startEnvironment,
  webhookRequest,
  type Environment,
  type TestDispatcher,
} from '../helpers/dispatcher-fixture.js';

const signer = new Webhooks({ secret: WEBHOOK_SECRET });
let serial = 0;
const raw = async (
  body: string,
  { signed = true, contentType = 'application/json', event = 'workflow_run' } = {},
) => ({
  method: 'POST' as const,
  url: '/v1/github/webhooks',
  payload: body,
  headers: {
    'content-type': contentType,
    'x-github-event': event,
    'x-github-delivery': `e0000000-0000-4000-8000-${String(++serial).padStart(12, '0')}`,
    ...(signed ? { 'x-hub-signature-256': await signer.sign(body) } : {}),
  },
});

const run = (workflowRun: Record<string, unknown>) => ({
  action: 'completed',
  repository: { full_name: 'acme/grape-runner', html_url: 'https://github.com/acme/grape-runner' },
  workflow_run: {
    id: 9_000_000_123,
    html_url: 'https://github.com/acme/grape-runner/actions/runs/9000000123',
    status: 'completed',
    conclusion: 'success',
    display_title: 'nothing of ours',
    name: 'grape-runner',
    event: 'workflow_dispatch',
    ...workflowRun,
  },
});

describeEachBackend('the webhook route', (backend) => {
  let environment: Environment;
  let store: TestStore;
  let grape: TestDispatcher;

  beforeAll(async () => {
    environment = await startEnvironment();
    store = await backend.open(environment.clock);
    grape = await startDispatcher(environment, store);
    await seedTenant(store, 'acme');
  });
  afterAll(async () => {
    await grape.app.close();
    await store.close();
    await environment.close();
  });

  describe('verifies the signature before parsing anything', () => {
    it.each([
      ['unsigned JSON garbage', '{"not json', 'application/json'],
      ['unsigned text', 'hello', 'text/plain'],
      ['unsigned valid JSON', JSON.stringify(run({})), 'application/json'],
      ['an empty unsigned body', '', 'application/json'],
    ])('%s is 401', async (_name, body, contentType) => {
      const res = await grape.app.inject(await raw(body, { signed: false, contentType }));
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: 'bad_signature' });
    });

    it('a signature over other bytes is 401', async () => {
      const request = await raw(JSON.stringify(run({})));
      const res = await grape.app.inject({ ...request, payload: `${request.payload} ` });
      expect(res.statusCode).toBe(401);
    });

    it('signed bytes that are not JSON are 400 invalid_json', async () => {
      const res = await grape.app.inject(await raw('{"not json'));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'invalid_json' });
    });

    it('a signed body of another content type is 415', async () => {
      const res = await grape.app.inject(
        await raw(JSON.stringify(run({})), { contentType: 'text/plain' }),
      );
      expect(res.statusCode).toBe(415);
    });
  });

  describe('type-checks the payload before use', () => {
    it.each([
      ['workflow_run.id as a string', run({ id: '9000000123' }), 'body.workflow_run.id'],
      ['workflow_run.id of 1e20', run({ id: 1e20 }), 'body.workflow_run.id'],
      ['workflow_run.id of 1.5', run({ id: 1.5 }), 'body.workflow_run.id'],
      ['workflow_run.status as a number', run({ status: 3 }), 'body.workflow_run.status'],
      ['repository.full_name missing', { ...run({}), repository: {} }, 'body.repository.full_name'],
      ['workflow_run as an array', { ...run({}), workflow_run: [] }, 'body.workflow_run'],
      [
        'a NUL in workflow_run.conclusion',
        run({ conclusion: 'fail\u0000ure' }),
        'body.workflow_run.conclusion',
      ],
      [
        'a lone surrogate in display_title',
        run({ display_title: 'x\ud800' }),
        'body.workflow_run.display_title',
      ],
    ])('%s is 400 naming the field', async (_name, payload, field) => {
      const res = await grape.app.inject(await webhookRequest('workflow_run', payload));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'invalid_payload' });
      expect(res.json().problems.map((p: { field: string }) => p.field)).toContain(field);
    });

    it('a workflow_job with a run_id of 1e20 is 400', async () => {
      const res = await grape.app.inject(
        await webhookRequest('workflow_job', {
          action: 'in_progress',
          repository: { full_name: 'acme/grape-runner' },
          workflow_job: { run_id: 1e20, status: 'in_progress', name: 'x' },
        }),
      );
      expect(res.statusCode).toBe(400);
      expect(res.json().problems[0].field).toBe('body.workflow_job.run_id');
    });

    it('a well-formed delivery for no deployment of ours is accepted and ignored', async () => {
      const res = await grape.app.inject(await webhookRequest('workflow_run', run({})));
      expect(res.statusCode).toBe(202);
      expect(res.json()).toEqual({ result: 'ignored' });
    });

    it('an event the dispatcher does not act on is accepted unread', async () => {
      const res = await grape.app.inject(await webhookRequest('ping', { zen: 1, hook_id: 'x' }));
      expect(res.json()).toEqual({ result: 'ignored' });
    });

    it('a bad payload is not recorded as delivered: its corrected redelivery is processed', async () => {
      const bad = await webhookRequest('workflow_run', run({ id: 'x' }), { delivery: 'f-1' });
      expect((await grape.app.inject(bad)).statusCode).toBe(400);
      const good = await webhookRequest('workflow_run', run({}), { delivery: 'f-1' });
      expect((await grape.app.inject(good)).json()).toEqual({ result: 'ignored' });
    });
  });
});
