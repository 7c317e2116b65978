/**
 * modules/gcp-bootstrap's trust, evaluated with the real Terraform binary (trust.tf is
 * provider-free) and run through a CEL evaluator the way Google evaluates an attribute condition:
 * the repository's listed workflows (on the listed refs) get in, everything else stays out. The
 * Google stand-in of the action's e2e tests enforces this very text.
 */
import { evaluate } from '@marcbachmann/cel-js';
import {
  GCP_ATTRIBUTE_CONDITION,
  GCP_ATTRIBUTE_MAPPING,
} from '../harness/cloud-identity-fixture.js';
import { defaultClaims } from '../harness/oidc-issuer.js';
import { evaluateLocal, evaluateOrThrow } from './terraform-eval.js';

const trust = (local: string, vars: Record<string, unknown>) =>
  evaluateOrThrow('gcp-bootstrap', local, { project_id: 'acme-prod', ...vars });

describe('gcp-bootstrap attribute condition for acme/grape-runner', () => {
  const condition = trust('attribute_condition', { repository: 'acme/grape-runner' }) as string;
  const admits = (overrides: Record<string, string>): boolean =>
    evaluate(condition, { assertion: { ...defaultClaims(), ...overrides } }) === true;

  it('is the condition the Google stand-in enforces in the action’s e2e tests', () => {
    expect(condition).toBe(GCP_ATTRIBUTE_CONDITION);
    expect(trust('attribute_mapping', { repository: 'acme/grape-runner' })).toEqual(
      GCP_ATTRIBUTE_MAPPING,
    );
  });

  it('admits the runner workflow of the repository', () => {
    expect(admits({})).toBe(true);
  });

  it.each([
    ['another repository', { repository: 'acme/other' }],
    [
      'another workflow of the repository',
      { job_workflow_ref: 'acme/grape-runner/.github/workflows/evil.yml@refs/heads/main' },
    ],
    [
      'a workflow whose name only starts like the runner’s',
      {
        job_workflow_ref: 'acme/grape-runner/.github/workflows/grape-runner.yml.evil@refs/heads/x',
      },
    ],
    [
      'the runner workflow called from another repository',
      {
        repository: 'mallory/fork',
        job_workflow_ref: 'mallory/fork/.github/workflows/grape-runner.yml@refs/heads/main',
      },
    ],
  ])('refuses %s', (_what, overrides) => {
    expect(admits(overrides)).toBe(false);
  });
});

describe('gcp-bootstrap with refs', () => {
  const condition = trust('attribute_condition', {
    repository: 'acme/grape-runner',
    refs: ['refs/heads/main'],
  }) as string;

  it('admits main and refuses another branch', () => {
    const assertion = defaultClaims();
    expect(evaluate(condition, { assertion })).toBe(true);
    expect(evaluate(condition, { assertion: { ...assertion, ref: 'refs/heads/dev' } })).toBe(false);
  });
});

describe('gcp-bootstrap variable validation', () => {
  it.each([
    [{ repository: 'acme/*' }, 'The repository must be "owner/repo" without wildcards'],
    [{ repository: 'acme/x', project_id: '123456789012' }, 'not the project number'],
    [{ repository: 'acme/x', workflows: [] }, 'List at least one workflow path'],
    [{ repository: 'acme/x', refs: ["refs/heads/main' || true"] }, 'without wildcards or quotes'],
    [{ repository: 'acme/x', pool_id: 'gcp-pool' }, 'must not start with "gcp-"'],
  ])('refuses %j', (vars, message) => {
    const result = evaluateLocal('gcp-bootstrap', 'attribute_condition', {
      project_id: 'acme-prod',
      ...vars,
    });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error.replace(/\s+/g, ' ')).toContain(message);
  });
});
