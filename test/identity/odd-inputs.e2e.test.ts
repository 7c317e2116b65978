/**
 * Odd inputs for every identity input: each is refused before any network call, with a message
 * naming the input, the value's problem and what a good value looks like. Run through the bundle,
 * as a user would meet them.
 */
import { runAction, type ActionRun } from '../harness/action-runner.js';

const ROLE = 'arn:aws:iam::111111111111:role/grape-runner';
const TARGET = 'arn:aws:iam::222222222222:role/grape-deploy';
/** Unreachable on purpose: a test passes only if nothing is sent. */
const NO_NETWORK = {
  AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/token',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x',
};

const run = (inputs: Record<string, string>): Promise<ActionRun> =>
  runAction({ inputs: { operation: 'credentials', ...inputs }, env: NO_NETWORK });

const cases: Array<[string, Record<string, string>, string]> = [
  [
    'role-arn without the arn: prefix',
    { 'role-arn': 'role/grape', 'aws-region': 'us-east-1' },
    "Input 'role-arn' is 'role/grape': not an ARN (it must start with 'arn:'). Use an IAM role ARN such as 'arn:aws:iam::123456789012:role/grape-deploy'.",
  ],
  [
    'role-arn with a short account id',
    { 'role-arn': 'arn:aws:iam::12345:role/grape', 'aws-region': 'us-east-1' },
    "Input 'role-arn' is 'arn:aws:iam::12345:role/grape': account '12345' is not 12 digits.",
  ],
  [
    'role-arn of another service',
    { 'role-arn': 'arn:aws:s3:::my-bucket', 'aws-region': 'us-east-1' },
    "Input 'role-arn' is 'arn:aws:s3:::my-bucket': service 's3' is not 'iam'.",
  ],
  [
    'role-arn of a user, not a role',
    { 'role-arn': 'arn:aws:iam::123456789012:user/bob', 'aws-region': 'us-east-1' },
    "resource 'user/bob' is not a role ('role/<name>')",
  ],
  [
    'role-arn with a region',
    { 'role-arn': 'arn:aws:iam:us-east-1:123456789012:role/x', 'aws-region': 'us-east-1' },
    'IAM ARNs have no region',
  ],
  [
    'target-role-arn malformed',
    {
      'role-arn': ROLE,
      'target-role-arn': 'arn:aws:iam::2222:role/x',
      'external-id': 'abc-123',
      'aws-region': 'us-east-1',
    },
    "Input 'target-role-arn' is 'arn:aws:iam::2222:role/x': account '2222' is not 12 digits.",
  ],
  [
    'target-role-arn without external-id',
    { 'role-arn': ROLE, 'target-role-arn': TARGET, 'aws-region': 'us-east-1' },
    "Input 'target-role-arn' is set but 'external-id' is not",
  ],
  [
    'external-id without target-role-arn',
    { 'role-arn': ROLE, 'external-id': 'abc-123', 'aws-region': 'us-east-1' },
    "Input 'external-id' is set but 'target-role-arn' is not",
  ],
  [
    'external-id with forbidden characters',
    {
      'role-arn': ROLE,
      'target-role-arn': TARGET,
      'external-id': 'has spaces!',
      'aws-region': 'us-east-1',
    },
    "Input 'external-id': not a valid ExternalId. Use 2-1224 characters",
  ],
  [
    'aws-region with a typo',
    { 'role-arn': ROLE, 'aws-region': 'us-est-1' },
    "Input 'aws-region' is 'us-est-1': not an AWS region code. Did you mean 'us-east-1'?",
  ],
  [
    'aws-region that is not a region at all',
    { 'role-arn': ROLE, 'aws-region': 'Frankfurt' },
    "Input 'aws-region' is 'Frankfurt': not an AWS region code. Use a region code such as 'us-east-1' or 'eu-west-1'.",
  ],
  [
    'aws-region missing with role-arn',
    { 'role-arn': ROLE },
    "Input 'aws-region' is required when 'role-arn' or 'target-role-arn' is set.",
  ],
  [
    'role-session-name with spaces',
    { 'role-arn': ROLE, 'aws-region': 'us-east-1', 'role-session-name': 'my session' },
    "Input 'role-session-name' is 'my session': not a valid STS session name.",
  ],
  [
    'role-session-name too long',
    { 'role-arn': ROLE, 'aws-region': 'us-east-1', 'role-session-name': 'x'.repeat(65) },
    'not a valid STS session name',
  ],
  [
    'role-duration-seconds not a number',
    { 'role-arn': ROLE, 'aws-region': 'us-east-1', 'role-duration-seconds': '1h' },
    "Input 'role-duration-seconds' is '1h': not a whole number. Use a number of seconds from 900 to 43200, e.g. '3600'.",
  ],
  [
    'role-duration-seconds too short',
    { 'role-arn': ROLE, 'aws-region': 'us-east-1', 'role-duration-seconds': '60' },
    "Input 'role-duration-seconds' is '60': out of range. Use a number from 900 to 43200",
  ],
  [
    'role-duration-seconds over an hour when chaining',
    {
      'role-arn': ROLE,
      'target-role-arn': TARGET,
      'external-id': 'abc-123',
      'aws-region': 'us-east-1',
      'role-duration-seconds': '7200',
    },
    "Input 'role-duration-seconds' is '7200': too long for a chained role. AWS limits role chaining to 3600 seconds",
  ],
  [
    'allowed-account-ids with a bad id',
    { 'role-arn': ROLE, 'aws-region': 'us-east-1', 'allowed-account-ids': '123456789012, 42' },
    "Input 'allowed-account-ids' is '42': not a 12-digit AWS account id.",
  ],
  [
    'session-tags not a boolean',
    { 'role-arn': ROLE, 'aws-region': 'us-east-1', 'session-tags': 'yes' },
    "Input 'session-tags' is 'yes': not a boolean. Use 'true' or 'false'.",
  ],
  [
    'export-credentials not a boolean',
    {
      operation: 'plan',
      'role-arn': ROLE,
      'aws-region': 'us-east-1',
      'export-credentials': 'maybe',
    },
    "Input 'export-credentials' is 'maybe': not a boolean.",
  ],
  [
    'operation unknown',
    { operation: 'deploy' },
    "Input 'operation' is 'deploy': not one of the accepted values. Use one of: 'plan', 'apply', 'destroy', 'credentials'.",
  ],
  [
    'deployment-id with a path',
    { 'deployment-id': '../etc' },
    "Input 'deployment-id' is '../etc': not a valid deployment id.",
  ],
];

describe('odd identity inputs', () => {
  it.each(cases)(
    'refuses %s with a message that names the input and the fix',
    async (_name, inputs, expected) => {
      const result = await run(inputs);
      expect(result.exitCode).toBe(1);
      expect(result.errors.join('\n')).toContain(expected);
      expect(result.stdout + result.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
      expect(result.exportedEnv['AWS_ACCESS_KEY_ID']).toBeUndefined();
    },
  );

  it('reports every bad input at once', async () => {
    const result = await run({ 'role-arn': 'nope', 'aws-region': 'mars-1', 'session-tags': 'y' });
    expect(result.errors[0]).toMatch(
      /^3 action inputs are invalid:\n- Input 'role-arn'.*\n- Input 'aws-region'.*\n- Input 'session-tags'/,
    );
  });

  it('never echoes the external-id in an error', async () => {
    const result = await run({
      'role-arn': ROLE,
      'target-role-arn': TARGET,
      'external-id': 'secretish value!',
      'aws-region': 'us-east-1',
    });
    expect(result.exitCode).toBe(1);
    expect(result.everything).not.toContain('secretish value!');
  });
});
