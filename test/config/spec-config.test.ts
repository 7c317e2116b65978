/** The action's `spec` input: verified before anything else, mapped onto the inputs, conflicts refused. */
import { generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import { parseConfig } from '../../src/config/config.js';
import type { DeploymentSpec } from '../../contract/deployment-spec.js';
import { signSpec } from '../../contract/sign-spec.js';
import { verifySpec } from '../../contract/verify-spec.js';
import { SignJWT } from 'jose';
import { specInputs } from '../../src/config/spec-config.js';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const now = 1_800_000_000;

export const exampleSpec: DeploymentSpec = {
  v: 1,
  deploymentId: 'dep_0123456789abcdef0123',
  tenantId: 'ten_0123456789abcdef0123',
  project: { id: 'prj_0123456789abcdef0123', name: 'network' },
  environment: 'prod',
  operation: 'apply',
  source: { repository: 'acme/infra', ref: 'main', path: 'stacks/network' },
  aws: {
    runnerRoleArn: 'arn:aws:iam::111111111111:role/grape-runner',
    roleArn: 'arn:aws:iam::222222222222:role/grape-deploy',
    externalId: 'grape-tenant-7f3a9c2e',
    region: 'eu-west-1',
    sessionDurationSeconds: 3600,
  },
  variables: { size: 3 },
  callback: {
    url: 'https://grape.example.com/v1/runs/report',
    audience: 'https://grape.example.com',
  },
};

const sign = (spec: DeploymentSpec = exampleSpec, at = now, key = privateKey) =>
  signSpec(spec, { key, kid: 'k1', now: at, expiresInSeconds: 3600 });
/** A spec signed with the right key but one claim or header changed. */
const signed = (change: {
  typ?: string;
  iss?: string;
  exp?: number | undefined;
  nbf?: number;
  sub?: string;
}) => {
  const jwt = new SignJWT({ spec: exampleSpec })
    .setProtectedHeader({
      alg: 'ES256',
      typ: change.typ ?? 'grape-spec+jwt',
    })
    .setIssuer(change.iss ?? 'grape-dispatcher')
    .setSubject(change.sub ?? exampleSpec.deploymentId)
    .setIssuedAt(now)
    .setNotBefore(change.nbf ?? now - 60);
  if (!('exp' in change)) jwt.setExpirationTime(now + 600);
  return jwt.sign(privateKey);
};
const config = (inputs: Record<string, string>) =>
  parseConfig({
    getInput: (n) => inputs[n] ?? '',
    env: { GITHUB_RUN_ID: '42' },
    mask: () => undefined,
    nowSeconds: now + 10,
  });

describe('verifySpec', () => {
  it('returns the spec of a valid signature within its lifetime', async () => {
    expect(await verifySpec(await sign(), { publicKey: publicPem, now: now + 10 })).toEqual(
      exampleSpec,
    );
  });
  it('accepts the public key as a JWK too', async () => {
    expect(
      await verifySpec(await sign(), {
        publicKey: JSON.stringify(publicKey.export({ format: 'jwk' })),
        now,
      }),
    ).toEqual(exampleSpec);
  });
  it.each([
    ['an expired spec', async () => sign(exampleSpec, now - 7200), /expired at/],
    [
      'a spec signed by another key',
      async () =>
        sign(exampleSpec, now, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey),
      /does not verify/,
    ],
    [
      'a tampered payload',
      async () => {
        const [h, p, s] = (await sign()).split('.');
        const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
        payload.spec.aws.roleArn = 'arn:aws:iam::999999999999:role/evil';
        return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
      },
      /does not verify/,
    ],
    [
      'alg none',
      async () => {
        const [, p] = (await sign()).split('.');
        return `${Buffer.from('{"alg":"none","typ":"grape-spec+jwt"}').toString('base64url')}.${p}.`;
      },
      /only ES256/,
    ],
    ['not a JWS', async () => 'hello', /not a compact JWS/],
    [
      'HS256 with the public key as the secret (algorithm confusion)',
      async () =>
        new SignJWT({ spec: exampleSpec })
          .setProtectedHeader({ alg: 'HS256', typ: 'grape-spec+jwt' })
          .setIssuer('grape-dispatcher')
          .setExpirationTime(now + 600)
          .sign(Buffer.from(publicPem)),
      "the spec is signed with 'HS256', only ES256 is accepted",
    ],
    [
      'another type of token',
      async () => signed({ typ: 'JWT' }),
      "the spec's type is 'JWT', expected 'grape-spec+jwt'",
    ],
    [
      'another issuer',
      async () => signed({ iss: 'someone-else' }),
      "the spec's issuer is 'someone-else', expected 'grape-dispatcher'",
    ],
    ['no expiry', async () => signed({ exp: undefined }), 'the spec has no expiry'],
    [
      'a spec not valid yet',
      async () => signed({ nbf: now + 3600 }),
      `the spec is not valid before ${new Date((now + 3600) * 1000).toISOString()}`,
    ],
    [
      'an unknown critical header parameter',
      // jose refuses to sign it, so the token is put together by hand.
      async () => {
        const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
        const input = `${part({ alg: 'ES256', typ: 'grape-spec+jwt', crit: ['grape-extension'], 'grape-extension': 1 })}.${part({ spec: exampleSpec, iss: 'grape-dispatcher', sub: exampleSpec.deploymentId, exp: now + 600 })}`;
        const signature = cryptoSign('sha256', Buffer.from(input), {
          key: privateKey,
          dsaEncoding: 'ieee-p1363',
        });
        return `${input}.${signature.toString('base64url')}`;
      },
      'the spec has critical header parameters',
    ],
    [
      'another subject than its deployment',
      async () => signed({ sub: 'dep_ffffffffffffffffffff' }),
      "the spec's subject is not its deployment id",
    ],
    [
      'a secret-bearing field the schema does not know',
      async () => sign({ ...exampleSpec, awsSecretAccessKey: 'x' } as DeploymentSpec),
      /does not match schema/,
    ],
  ])('refuses %s', async (_name, make, message) => {
    const jws = await make();
    await expect(verifySpec(jws, { publicKey: publicPem, now })).rejects.toThrow(message);
  });
});

describe('the spec input', () => {
  it('fills the inputs it decides', async () => {
    const c = await config({
      spec: await sign(),
      'spec-public-key': publicPem,
      operation: 'plan',
      'role-duration-seconds': '3600',
    });
    expect(c).toMatchObject({
      operation: 'apply',
      deploymentId: exampleSpec.deploymentId,
      spec: exampleSpec,
      identity: {
        mode: 'oidc',
        region: 'eu-west-1',
        chain: { externalId: 'grape-tenant-7f3a9c2e' },
      },
    });
  });
  it('refuses an explicit input that contradicts the spec', async () => {
    await expect(config({ spec: '', 'spec-public-key': publicPem })).resolves.toBeDefined();
    const spec = await sign();
    await expect(
      config({ spec, 'spec-public-key': publicPem, 'aws-region': 'us-east-1' }),
    ).rejects.toThrow(
      "Input 'aws-region' is 'us-east-1' but the signed spec says 'eu-west-1': remove 'aws-region' from the workflow step, the spec decides it.",
    );
  });
  it('requires the public key with a spec', async () => {
    await expect(config({ spec: 'a.b.c' })).rejects.toThrow(
      "Input 'spec-public-key' is required with 'spec'",
    );
  });
  it('names the input and says nothing was done when the spec is refused', async () => {
    await expect(config({ spec: 'a.b.c', 'spec-public-key': publicPem })).rejects.toThrow(
      /^Invalid action input: Input 'spec' was refused: .* Nothing was done/,
    );
  });
});

describe('what the spec decides beyond identity', () => {
  const full: DeploymentSpec = {
    ...exampleSpec,
    backend: {
      type: 's3',
      bucket: 'acme-tf-state',
      key: 'network/prod.tfstate',
      region: 'eu-west-1',
      kmsKeyId: 'alias/tf',
    },
    plan: { deploymentId: 'dep_plan0123456789abcdef', sha256: 'a'.repeat(64) },
    facts: {
      repository: 'acme/gitops',
      branch: 'main',
      path: 'facts/network/prod.yaml',
      format: 'helm',
    },
  };

  it('maps module path, variables, backend, stored plan and facts target onto the inputs', () => {
    expect(specInputs(full)).toMatchObject({
      project: 'network',
      environment: 'prod',
      'working-directory': 'stacks/network',
      variables: '{"size":3}',
      'backend-config':
        'bucket=acme-tf-state\nkey=network/prod.tfstate\nregion=eu-west-1\nencrypt=true\nuse_lockfile=true\nkms_key_id=alias/tf',
      'plan-store': 's3://acme-tf-state/grape/plans',
      'plan-store-kms-key-id': 'alias/tf',
      'plan-id': 'dep_plan0123456789abcdef',
      'plan-sha256': 'a'.repeat(64),
      'facts-repository': 'acme/gitops',
      'facts-branch': 'main',
      'facts-path': 'facts/network/prod.yaml',
      'facts-format': 'helm-values',
    });
  });

  it('leaves backend, plan and facts to the inputs when the spec has none', () => {
    const inputs = specInputs(exampleSpec);
    for (const name of ['backend-config', 'plan-store', 'plan-id', 'facts-repository'])
      expect(inputs[name]).toBeUndefined();
  });

  it('allows deletions for a destroy deployment only', () => {
    expect(specInputs({ ...exampleSpec, operation: 'destroy' })['allow-destroy']).toBe('true');
    expect(specInputs({ ...exampleSpec, operation: 'apply' })['allow-destroy']).toBeUndefined();
  });

  it('gives the parsed configuration those values', async () => {
    const c = await config({
      spec: await sign(full),
      'spec-public-key': publicPem,
      'github-token': 'ghs_x',
    });
    expect(c.terraform.workingDirectory.endsWith('stacks/network')).toBe(true);
    expect(c.terraform.savedPlan).toEqual({
      id: 'dep_plan0123456789abcdef',
      sha256: 'a'.repeat(64),
    });
    expect(c.facts).toMatchObject({ format: 'helm-values', path: 'facts/network/prod.yaml' });
  });
});
