import { actionSource } from './action-inputs.js';
import { unknownGrapeInputs } from './grape-steps.js';
import { loadWorkflow, stepsOf } from './workflow-files.js';

const workflow = loadWorkflow('workflows/grape-runner.yml');
const on = workflow['on'] as {
  workflow_dispatch: { inputs: Record<string, { required?: boolean; type?: string }> };
};
const jobs = Object.values(workflow.jobs);

describe('workflows/grape-runner.yml', () => {
  it('is started only by workflow_dispatch, with the spec, the deployment id, the concurrency group and the runner environment', () => {
    expect(Object.keys(on)).toEqual(['workflow_dispatch']);
    const inputs = on.workflow_dispatch.inputs;
    expect(Object.keys(inputs).sort()).toEqual([
      'concurrency_group',
      'deployment_id',
      'runner_environment',
      'spec',
    ]);
    expect(inputs['spec']).toMatchObject({ required: true, type: 'string' });
    // Optional: a dispatcher without per-tenant environments does not send it.
    expect(inputs['runner_environment']).toMatchObject({ required: false, type: 'string' });
  });

  it("runs its job in the tenant's GitHub environment the dispatcher names (none when empty)", () => {
    for (const job of jobs) expect(job['environment']).toBe('${{ inputs.runner_environment }}');
  });

  it('names each run after its deployment id, so the dispatcher can find it', () => {
    expect(workflow['run-name']).toBe('grape ${{ inputs.deployment_id }}');
  });

  it('asks for an OIDC token and read access, and nothing more', () => {
    expect(workflow['permissions']).toEqual({ 'id-token': 'write', contents: 'read' });
    for (const job of jobs) expect(job['permissions']).toBeUndefined();
  });

  it('serialises runs per project/environment and never cancels a running one', () => {
    expect(workflow['concurrency']).toEqual({
      group: 'grape-${{ inputs.concurrency_group }}',
      'cancel-in-progress': false,
    });
  });

  it('bounds every job with a timeout', () => {
    for (const job of jobs) expect(job['timeout-minutes']).toEqual(expect.any(Number));
  });

  it('has one step, grape/deploy@v1, given the spec and the public key from a repository variable', () => {
    const steps = stepsOf(workflow);
    expect(steps).toHaveLength(1);
    expect(steps[0]?.step).toMatchObject({
      uses: 'grape/deploy@v1',
      with: {
        spec: '${{ inputs.spec }}',
        'spec-public-key': '${{ vars.GRAPE_SPEC_PUBLIC_KEY }}',
        isolation: 'required',
      },
    });
  });

  it(`gives grape/deploy only inputs it has (checked against ${actionSource})`, () => {
    expect(unknownGrapeInputs(workflow)).toEqual([]);
  });
});
