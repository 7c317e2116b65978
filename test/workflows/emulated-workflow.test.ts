/**
 * The workflow emulation refuses what GitHub refuses, so a mismatch between a shipped workflow and
 * what it calls fails shipped-workflows.e2e.test.ts: undeclared or missing inputs, wrong types,
 * undeclared events.
 */
import { bindInputs } from './bind-inputs.js';
import { runEmulatedWorkflow } from './emulated-workflow.js';
import type { JobWorld } from './emulated-job.js';

const declared = {
  environment: { type: 'string', required: true },
  'allow-destroy': { type: 'boolean', default: false },
  'timeout-minutes': { type: 'number', default: 60 },
  operation: { type: 'choice', options: ['plan', 'apply'], default: 'plan' },
};

describe('bindInputs', () => {
  it('fills defaults and converts expression results to the declared type', () => {
    expect(bindInputs(declared, { environment: 'prod', 'allow-destroy': 'true' }, 'w')).toEqual({
      inputs: {
        environment: 'prod',
        'allow-destroy': true,
        'timeout-minutes': 60,
        operation: 'plan',
      },
      problems: [],
    });
  });

  it('names an undeclared input, a missing required one, a wrong type and a value outside the options', () => {
    const { problems } = bindInputs(
      declared,
      {
        enviroment: 'prod',
        'allow-destroy': 'yes',
        'timeout-minutes': 'soon',
        operation: 'destroy',
      },
      'w',
    );
    expect(problems).toEqual([
      "w: input 'enviroment' is not declared",
      "w: required input 'environment' is missing",
      'w: input \'allow-destroy\' is "yes", not a boolean',
      'w: input \'timeout-minutes\' is "soon", not a number',
      'w: input \'operation\' is "destroy", not one of its options',
    ]);
  });
});

describe('runEmulatedWorkflow', () => {
  it('refuses an event the workflow does not declare', async () => {
    const result = await runEmulatedWorkflow({
      label: 'w',
      workflow: { on: { push: null }, jobs: {} },
      event: 'pull_request',
      github: {},
      world: {} as JobWorld,
    });
    expect(result.problems).toEqual(["w: the workflow does not declare the 'pull_request' event"]);
  });
});
