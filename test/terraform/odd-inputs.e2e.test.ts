/**
 * Odd inputs for every engine and terraform input: each is refused before any network call (the
 * endpoints below are unreachable on purpose), with a message naming the input, the problem and
 * what a good value looks like. Run through the bundle, as a user would meet them.
 */
import { runAction, type ActionRun } from '../harness/action-runner.js';

const NO_NETWORK = {
  AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9',
  AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/token',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x',
};
const KEY = '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxjMEZ\n-----END PGP PUBLIC KEY BLOCK-----';

const run = (inputs: Record<string, string>): Promise<ActionRun> =>
  runAction({ inputs: { operation: 'plan', ...inputs }, env: NO_NETWORK });

const cases: Array<[string, Record<string, string>, string]> = [
  [
    'engine unknown',
    { engine: 'tofu' },
    "Input 'engine' is 'tofu': not one of the accepted values. Use one of: 'terraform', 'opentofu'.",
  ],
  [
    'engine-version not a version',
    { 'engine-version': 'newest' },
    "Input 'engine-version' is 'newest': not a version or a version constraint. Use an exact version such as '1.9.8', a constraint such as '~> 1.9' or '>= 1.5, < 2.0', or 'latest'.",
  ],
  [
    'engine-version in npm syntax',
    { 'engine-version': '^1.9' },
    "Input 'engine-version' is '^1.9': not a version or a version constraint.",
  ],
  [
    'release-mirror not a URL',
    { 'release-mirror': 'mirror.example.com' },
    "Input 'release-mirror' is 'mirror.example.com': not a URL. Use the base URL of a mirror, e.g. 'https://mirror.example.com/releases'.",
  ],
  [
    'release-mirror over ftp',
    { 'release-mirror': 'ftp://mirror.example.com/' },
    "Input 'release-mirror' is 'ftp://mirror.example.com/': scheme 'ftp' is not http or https. Use e.g. 'https://mirror.example.com/releases'.",
  ],
  [
    'release-mirror with a query',
    { 'release-mirror': 'https://m.example.com/r?token=1' },
    "Input 'release-mirror' is 'https://m.example.com/r?token=1': has a query or fragment.",
  ],
  [
    'release-signing-key without release-mirror',
    { 'release-signing-key': KEY },
    "Input 'release-signing-key' is set but 'release-mirror' is not: the publisher's own key is built into Grape and cannot be replaced for the official release site.",
  ],
  [
    'release-signing-key that is not a key',
    { 'release-mirror': 'https://m.example.com/', 'release-signing-key': 'ABCD1234' },
    "Input 'release-signing-key' is 'ABCD1234': not an armored OpenPGP public key. Paste the whole key, from '-----BEGIN PGP PUBLIC KEY BLOCK-----' to '-----END PGP PUBLIC KEY BLOCK-----'",
  ],
  [
    'release-signing-key that is a private key',
    {
      'release-mirror': 'https://m.example.com/',
      'release-signing-key':
        '-----BEGIN PGP PRIVATE KEY BLOCK-----\nxx\n-----END PGP PRIVATE KEY BLOCK-----',
    },
    "Input 'release-signing-key': is a PRIVATE key. Give the armored PUBLIC key",
  ],
  [
    'engine-path with release-mirror',
    { 'engine-path': '/usr/bin/terraform', 'release-mirror': 'https://m.example.com/' },
    "Inputs 'engine-path' and 'release-mirror' exclude each other: with 'engine-path' nothing is downloaded. Remove one of them.",
  ],
  [
    'working-directory outside the workspace',
    { 'working-directory': '../elsewhere' },
    "Input 'working-directory' is '../elsewhere': leaves the source root through '..'. Use a path inside the repository, e.g. 'infra/prod'.",
  ],
  [
    'backend-config line without =',
    { 'backend-config': 'bucket=acme\nregion eu-west-1' },
    "Input 'backend-config' is 'region eu-west-1': not a key=value line. Write one setting per line, e.g. 'bucket=acme-tf-state' and 'key=prod/terraform.tfstate'.",
  ],
  [
    'variables not JSON',
    { variables: 'environment=prod' },
    'Input \'variables\' is \'environment=prod\': not valid JSON. Give a JSON object, e.g. \'{"environment": "prod", "replicas": 3}\'.',
  ],
  [
    'variables a JSON array',
    { variables: '["prod"]' },
    "Input 'variables' is '[\"prod\"]': not a JSON object.",
  ],
  [
    'variables with a bad name',
    { variables: '{"my var": 1}' },
    "Input 'variables' is 'my var': not a valid variable name.",
  ],
  [
    'variables with a null',
    { variables: '{"region": null}' },
    "Input 'variables' is 'region': is null. Leave the variable out to use its default.",
  ],
  [
    'var-files escaping the directory',
    { 'var-files': 'prod.tfvars, ../secrets.tfvars' },
    "Input 'var-files' is '../secrets.tfvars': must be a path inside the working directory. Use e.g. 'prod.tfvars'.",
  ],
  [
    'workspace with a slash',
    { workspace: 'team/prod' },
    "Input 'workspace' is 'team/prod': not a valid workspace name. Use letters, digits, '_', '.' or '-', e.g. 'staging'.",
  ],
  [
    'allow-destroy not a boolean',
    { 'allow-destroy': 'yes' },
    "Input 'allow-destroy' is 'yes': not a boolean. Use 'true' or 'false'.",
  ],
  [
    'protected-resource-types with a space',
    { 'protected-resource-types': 'aws_db_instance, AWS RDS' },
    "Input 'protected-resource-types' is 'AWS RDS': not a resource type. List types such as 'aws_db_instance' or 'aws_kms_*', separated by commas or newlines.",
  ],
  [
    'plan-store not an s3 URL',
    { 'plan-store': 'https://bucket.s3.amazonaws.com/plans' },
    "Input 'plan-store' is 'https://bucket.s3.amazonaws.com/plans': not an s3://bucket/prefix URL. Use e.g. 's3://acme-tf-state/plans' (the bucket of your state backend).",
  ],
  [
    'plan-store with an invalid bucket',
    { 'plan-store': 's3://Acme_State/plans' },
    "Input 'plan-store' is 's3://Acme_State/plans': not an s3://bucket/prefix URL.",
  ],
  [
    'plan-store a relative file URL',
    { 'plan-store': 'file://plans' },
    "Input 'plan-store' is 'file://plans': not a file:// URL of an absolute directory on this machine. Use e.g. 'file:///var/lib/grape/plans'.",
  ],
  [
    'plan-store-kms-key-id with a file plan store',
    { 'plan-store': 'file:///var/lib/grape/plans', 'plan-store-kms-key-id': 'alias/tf' },
    "Input 'plan-store-kms-key-id' only applies to an s3:// plan store: remove it with a file:// one.",
  ],
  [
    'plan-store-kms-key-id without plan-store',
    { 'plan-store-kms-key-id': 'alias/tf' },
    "Input 'plan-store-kms-key-id' is set but 'plan-store' is not.",
  ],
  [
    'plan-store-kms-key-id malformed',
    { 'plan-store': 's3://acme-tf-state/plans', 'plan-store-kms-key-id': 'my key' },
    "Input 'plan-store-kms-key-id' is 'my key': not a KMS key id, ARN or alias.",
  ],
  [
    'plan-id without plan-sha256',
    { operation: 'apply', 'plan-store': 's3://acme-tf-state/plans', 'plan-id': 'dep_1' },
    "Inputs 'plan-id' and 'plan-sha256' go together: the apply run only applies the stored plan whose SHA-256 it was given.",
  ],
  [
    'plan-id on a plan run',
    { 'plan-store': 's3://acme-tf-state/plans', 'plan-id': 'dep_1', 'plan-sha256': 'a'.repeat(64) },
    "Input 'plan-id' only works with 'operation: apply' (this run's operation is 'plan').",
  ],
  [
    'plan-id without plan-store',
    { operation: 'apply', 'plan-id': 'dep_1', 'plan-sha256': 'a'.repeat(64) },
    "Input 'plan-id' needs 'plan-store': the location (s3://… or file://…) the plan run stored the plan in.",
  ],
  [
    'plan-id with a path',
    {
      operation: 'apply',
      'plan-store': 's3://acme-tf-state/p',
      'plan-id': '../x',
      'plan-sha256': 'a'.repeat(64),
    },
    "Input 'plan-id' is '../x': not a plan id.",
  ],
  [
    'plan-sha256 upper-case or short',
    {
      operation: 'apply',
      'plan-store': 's3://acme-tf-state/p',
      'plan-id': 'dep_1',
      'plan-sha256': 'ABC123',
    },
    "Input 'plan-sha256' is 'ABC123': not a SHA-256 (64 lower-case hex digits). Use the plan-sha256 output of the plan run.",
  ],
];

describe('odd engine and terraform inputs', () => {
  it.each(cases)(
    'refuses %s with a message that names the input and the fix',
    async (_name, inputs, expected) => {
      const result = await run(inputs);
      expect(result.exitCode).toBe(1);
      expect(result.errors.join('\n')).toContain(expected);
      expect(result.stdout + result.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
      expect(result.stdout).not.toContain('[command]');
    },
  );

  it('never echoes credentials in a release-mirror URL', async () => {
    const result = await run({ 'release-mirror': 'https://bob:s3cret-pass@mirror.example.com/' });
    expect(result.errors.join('\n')).toContain(
      "Input 'release-mirror': contains credentials (user:password@).",
    );
    expect(result.everything).not.toContain('s3cret-pass');
  });

  it('reports every bad engine and terraform input at once', async () => {
    const result = await run({ engine: 'pulumi', 'allow-destroy': 'maybe', variables: '[]' });
    expect(result.errors[0]).toMatch(
      /^3 action inputs are invalid:\n- Input 'engine'.*\n- Input 'variables'.*\n- Input 'allow-destroy'/,
    );
  });
});
