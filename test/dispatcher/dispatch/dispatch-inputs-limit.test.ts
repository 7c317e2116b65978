/**
 * GitHub's limits on workflow_dispatch inputs (25 inputs, 65,535 characters): a deployment whose
 * run would break them is refused at request time with a 422 naming the limit, and the GitHub
 * stand-in refuses such a dispatch as GitHub does.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { DeploymentSpec } from '../../../contract/deployment-spec.js';
import { signSpec } from '../../../contract/sign-spec.js';
import { dispatchInputsProblem } from '../../../dispatcher/src/dispatch/dispatch-inputs-problem.js';
import { signedSpecLengthBound } from '../../../dispatcher/src/dispatch/signed-spec.js';
import {
  MAX_WORKFLOW_INPUTS_CHARACTERS,
  workflowInputsProblem,
} from '../../../dispatcher/src/executor/workflow-dispatch-inputs.js';
import { describeEachBackend, type TestStore } from '../helpers/backends.js';
import {
  RUNNER_REPO,
  seedTenant,
  startDispatcher,
  startEnvironment,
  type Environment,
  type Tenant,
  type TestDispatcher,
} from '../helpers/dispatcher-fixture.js';

/** `count` variables of 4,000 characters and one of `rest`. */
const variables = (count: number, rest: number): Record<string, string> => ({
  ...Object.fromEntries(Array.from({ length: count }, (_, i) => [`v${i}`, 'x'.repeat(4000)])),
  tail: 'y'.repeat(rest),
});

describe('workflowInputsProblem', () => {
  const sized = (length: number) => {
    const overhead = JSON.stringify({ spec: '' }).length;
    return { spec: 's'.repeat(length - overhead) };
  };
  it('takes exactly 65,535 characters and refuses one more, naming the limit', () => {
    expect(workflowInputsProblem(sized(MAX_WORKFLOW_INPUTS_CHARACTERS))).toBeUndefined();
    expect(workflowInputsProblem(sized(MAX_WORKFLOW_INPUTS_CHARACTERS + 1))).toBe(
      "the run's workflow_dispatch inputs would be 65,536 characters; GitHub accepts at most 65,535 (the signed spec carries the variables and ref)",
    );
  });
  it('refuses more than 25 inputs', () => {
    const inputs = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`i${i}`, '']));
    expect(workflowInputsProblem(inputs)).toBe(
      'the run would get 26 workflow_dispatch inputs; GitHub accepts at most 25',
    );
  });
});

describe('signedSpecLengthBound (the check that spares a signature far below the limit)', () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = 'k'.repeat(43); // a JWK thumbprint's width
  it.each([
    ['an empty spec', {}],
    ['ASCII variables', { variables: variables(3, 10) }],
    ['non-ASCII and escaped text', { variables: { a: 'é€😀"\\\n'.repeat(2000) } }],
    ['a spec near the limit', { variables: variables(11, 3000) }],
  ])('is never below the signed length: %s', async (_name, fields) => {
    const spec = {
      v: 1,
      deploymentId: `dep_${'0'.repeat(20)}`,
      ...fields,
    } as unknown as DeploymentSpec;
    const jws = await signSpec(spec, {
      key: privateKey,
      kid,
      now: 1_900_000_000,
      expiresInSeconds: 86_400,
    });
    expect(signedSpecLengthBound(spec)).toBeGreaterThanOrEqual(jws.length);
  });
});

describeEachBackend('oversize workflow inputs', (backend) => {
  let environment: Environment;
  let store: TestStore;
  let grape: TestDispatcher;
  let acme: Tenant;
  let serial = 0;

  beforeAll(async () => {
    environment = await startEnvironment();
    store = await backend.open(environment.clock);
    grape = await startDispatcher(environment, store);
    acme = await seedTenant(store, 'acme');
  });
  afterAll(async () => {
    await grape.app.close();
    await store.close();
    await environment.close();
  });
  afterEach(() => expect(environment.github.violations).toEqual([]));

  const post = (vars: Record<string, string>, operation = 'plan') =>
    grape.request({
      method: 'POST',
      url: '/v1/deployments',
      token: acme.deployer,
      payload: { project: 'network', environment: `big${++serial}`, operation, variables: vars },
    });

  it('refuses a deployment whose inputs would exceed 65,535 characters with a 422 naming the limit', async () => {
    const res = await post(variables(12, 100));
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.problems).toEqual([
      {
        field: 'variables',
        problem: expect.stringMatching(
          /^the run's workflow_dispatch inputs would be [\d,]+ characters; GitHub accepts at most 65,535/,
        ),
        expected: expect.stringContaining('smaller variables'),
      },
    ]);
    expect(environment.actions.runs).toHaveLength(0);
  });

  it('accepts the largest deployment that fits, and GitHub (the stand-in) takes its run', async () => {
    // The largest `tail` the dispatcher accepts, found by bisection over its own check.
    const fits = async (rest: number) =>
      (await dispatchInputsProblem(
        {
          tenantId: acme.id,
          environment: 'bigfit',
          operation: 'apply',
          ref: 'main',
          variables: variables(11, rest),
        },
        acme.project,
        grape.ctx,
      )) === undefined;
    let low = 0;
    let high = 4096;
    expect(await fits(low)).toBe(true);
    expect(await fits(high)).toBe(false);
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (await fits(mid)) low = mid;
      else high = mid;
    }
    const res = await grape.request({
      method: 'POST',
      url: '/v1/deployments',
      token: acme.deployer,
      payload: {
        project: 'network',
        environment: 'bigfit',
        operation: 'apply',
        variables: variables(11, low),
      },
    });
    expect(res.statusCode).toBe(202);
    await grape.ctx.loop.tick();
    const runs = environment.actions.runsFor(res.json().id);
    expect(runs).toHaveLength(1);
    const length = JSON.stringify(runs[0]!.inputs).length;
    expect(length).toBeLessThanOrEqual(MAX_WORKFLOW_INPUTS_CHARACTERS);
    // Tight: within the plan block the check reserves (about 150 characters) of the limit.
    expect(length).toBeGreaterThan(MAX_WORKFLOW_INPUTS_CHARACTERS - 400);
    const over = await post(variables(11, low + 200), 'apply');
    expect(over.statusCode).toBe(422);
  });

  describe('the GitHub stand-in', () => {
    const dispatch = async (inputs: Record<string, string>) => {
      const token = environment.actions.tokensIssued.at(-1)!;
      const res = await fetch(
        `${environment.github.url}/repos/${RUNNER_REPO.owner}/${RUNNER_REPO.repo}/actions/workflows/grape-runner.yml/dispatches`,
        {
          method: 'POST',
          headers: {
            authorization: `token ${token}`,
            'content-type': 'application/json',
            accept: 'application/vnd.github+json',
          },
          body: JSON.stringify({ ref: 'main', inputs }),
        },
      );
      return {
        status: res.status,
        body: (await res.json().catch(() => ({}))) as { message?: string },
      };
    };
    const before = () => environment.actions.runs.length;

    it('refuses inputs over 65,535 characters with 422', async () => {
      const runs = before();
      const { status, body } = await dispatch({
        spec: 's'.repeat(MAX_WORKFLOW_INPUTS_CHARACTERS),
        deployment_id: 'dep_00000000000000000000',
        concurrency_group: 'network/x',
      });
      expect(status).toBe(422);
      expect(body.message).toMatch(/65535 characters/);
      expect(environment.actions.runs.length).toBe(runs);
    });

    it('refuses more than 25 inputs with 422', async () => {
      const runs = before();
      const { status } = await dispatch(
        Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`i${i}`, 'v'])),
      );
      expect(status).toBe(422);
      expect(environment.actions.runs.length).toBe(runs);
      // The contract check saw a request GitHub's schema refuses (maxProperties 25): expected here.
      environment.github.violations.length = 0;
    });
  });
});
