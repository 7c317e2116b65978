/**
 * The `workflow_dispatch` inputs a deployment's run receives, and GitHub's limits on them, checked
 * before a deployment is accepted: a request GitHub would refuse later is refused now, with a 422
 * naming the limit. The limits are GitHub's, documented in
 * - the REST description of "Create a workflow dispatch event" (`inputs`: "The maximum number of
 *   properties is 25", @octokit/openapi `generated/api.github.com.json`), and
 * - docs.github.com "Workflow syntax for GitHub Actions", `on.workflow_dispatch.inputs`: "The
 *   maximum number of top-level properties for inputs is 25. The maximum payload for inputs is
 *   65,535 characters."
 * The payload is counted as the JSON of the `inputs` object, in UTF-16 code units (JavaScript
 * string length): for the ASCII a signed spec is, characters.
 */
export const MAX_WORKFLOW_INPUTS = 25;
export const MAX_WORKFLOW_INPUTS_CHARACTERS = 65_535;

export interface WorkflowInputs {
  readonly spec: string;
  readonly deployment_id: string;
  readonly concurrency_group: string;
  readonly [name: string]: string;
}

export function workflowInputs(
  deploymentId: string,
  spec: string,
  concurrencyGroup: string,
  runnerEnvironment?: string,
): WorkflowInputs {
  return {
    spec,
    deployment_id: deploymentId,
    concurrency_group: concurrencyGroup,
    // Only when set: a runner workflow without this input refuses it ("Unexpected inputs").
    ...(runnerEnvironment === undefined ? {} : { runner_environment: runnerEnvironment }),
  };
}

/** The characters GitHub counts against MAX_WORKFLOW_INPUTS_CHARACTERS. */
export const inputsPayloadLength = (inputs: Readonly<Record<string, string>>): number =>
  JSON.stringify(inputs).length;

/** Undefined when GitHub would take these inputs; else which limit they break and by how much. */
export function workflowInputsProblem(
  inputs: Readonly<Record<string, string>>,
): string | undefined {
  const count = Object.keys(inputs).length;
  if (count > MAX_WORKFLOW_INPUTS)
    return `the run would get ${count} workflow_dispatch inputs; GitHub accepts at most ${MAX_WORKFLOW_INPUTS}`;
  const length = inputsPayloadLength(inputs);
  if (length > MAX_WORKFLOW_INPUTS_CHARACTERS)
    return `the run's workflow_dispatch inputs would be ${length.toLocaleString('en')} characters; GitHub accepts at most ${MAX_WORKFLOW_INPUTS_CHARACTERS.toLocaleString('en')} (the signed spec carries the variables and ref)`;
  return undefined;
}
