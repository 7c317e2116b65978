/** The GitHub stand-in holds both sides to GitHub's published REST description. */
import { startGitHubApi, type GitHubApi } from '../harness/github/github-api.js';

let api: GitHubApi;
beforeAll(async () => {
  api = await startGitHubApi();
});
afterAll(() => api.close());
beforeEach(() => {
  api.violations.length = 0;
});

const dispatch = (body: unknown): Promise<Response> =>
  fetch(`${api.url}/repos/acme/runner/actions/workflows/grape-runner.yml/dispatches`, {
    method: 'POST',
    headers: { authorization: 'Bearer ghs_test', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('the GitHub API stand-in', () => {
  it('routes by operationId and passes path parameters', async () => {
    api.handle('actions/create-workflow-dispatch', (req) => {
      expect(req.params).toEqual({
        owner: 'acme',
        repo: 'runner',
        workflow_id: 'grape-runner.yml',
      });
      expect(req.token).toBe('ghs_test');
      return { status: 204 };
    });
    expect((await dispatch({ ref: 'main', inputs: { spec: 'x' } })).status).toBe(204);
    expect(api.violations).toEqual([]);
  });

  it('answers 422 and records a violation when a request breaks the description', async () => {
    const response = await dispatch({ inputs: { spec: 'x' } });
    expect(response.status).toBe(422);
    expect(api.violations[0]).toContain("must have required property 'ref'");
  });

  it('records a violation when a handler answers what GitHub never would', async () => {
    api.handle('actions/create-workflow-dispatch', () => ({
      status: 200,
      body: { workflow_run_id: 'not-a-number' },
    }));
    await dispatch({ ref: 'main' });
    expect(api.violations.join('\n')).toContain('actions/create-workflow-dispatch response 200');
  });

  it('records calls to paths GitHub does not have', async () => {
    const response = await fetch(`${api.url}/repos/acme/runner/not-a-thing/at-all/really`);
    expect(response.status).toBe(404);
    expect(api.violations[0]).toContain("no such operation in GitHub's REST description");
  });

  it('serves injected faults before handlers', async () => {
    api.handle('actions/create-workflow-dispatch', () => ({ status: 204 }));
    api.injectFaults({
      status: 502,
      body: { message: 'Server Error' },
      operationId: 'actions/create-workflow-dispatch',
    });
    expect((await dispatch({ ref: 'main' })).status).toBe(502);
    expect((await dispatch({ ref: 'main' })).status).toBe(204);
  });

  it("serves a fault named for a deployment only to that deployment's dispatch", async () => {
    api.handle('actions/create-workflow-dispatch', () => ({ status: 204 }));
    api.injectFaults({
      status: 502,
      body: { message: 'Server Error' },
      operationId: 'actions/create-workflow-dispatch',
      deploymentId: 'dep_b',
    });
    const of = (id: string) => dispatch({ ref: 'main', inputs: { deployment_id: id } });
    expect((await of('dep_a')).status).toBe(204);
    expect((await of('dep_b')).status).toBe(502);
    expect((await of('dep_b')).status).toBe(204);
  });
});
