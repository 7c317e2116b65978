/**
 * modules/gcp-secret-store's IAM, evaluated with the real Terraform binary (policies.tf is
 * provider-free) and run through an IAM allow-policy evaluator: the named accessors read the
 * values, Secret Manager's service agent (and only it) uses the key, nobody else reaches either;
 * and the variables refuse what would widen that.
 */
import { gcpAllows, membersOf, type ResourcePolicy } from './gcp-iam.js';
import { evaluateLocal, evaluateOrThrow } from './terraform-eval.js';

const PROJECT = 'acme-prod';
const NUMBER = '123456789012';
const ESO = 'serviceAccount:external-secrets@acme-prod.iam.gserviceaccount.com';
const ESO_KSA = `principal://iam.googleapis.com/projects/${NUMBER}/locations/global/workloadIdentityPools/acme-prod.svc.id.goog/subject/ns/external-secrets/sa/external-secrets`;
const OTHER = 'serviceAccount:web@acme-prod.iam.gserviceaccount.com';
const AGENT = `serviceAccount:service-${NUMBER}@gcp-sa-secretmanager.iam.gserviceaccount.com`;
const KEY = `projects/${PROJECT}/locations/europe-west1/keyRings/production-secrets/cryptoKeys/secrets`;

/** main.tf resolves the project number through the google_project data source. */
const stub = `locals {
  project_number = "${NUMBER}"
  test_view = {
    secret_ids      = local.secret_ids
    secret_bindings = local.secret_bindings
    key_binding     = local.key_binding
  }
}
`;
const files = ['variables.tf', 'policies.tf'];
const base = {
  project_id: PROJECT,
  environment: 'production',
  location: 'europe-west1',
  secrets: { 'cloudsql-app-password': { generate: true }, 'smtp-password': {} },
  accessor_members: [ESO],
};

interface View {
  secret_ids: Record<string, string>;
  secret_bindings: Record<string, { role: string; members: string[] }>;
  key_binding: { role: string; member: string };
}

const view = (vars: Record<string, unknown> = {}) =>
  evaluateOrThrow('gcp-secret-store', 'test_view', { ...base, ...vars }, stub, files) as View;

/** The policies the module sets: one per secret, one on the key. */
const policiesOf = (v: View): ResourcePolicy[] => [
  ...Object.entries(v.secret_bindings).map(([name, b]) => ({
    resource: v.secret_ids[name]!,
    bindings: [b],
  })),
  { resource: KEY, bindings: [{ role: v.key_binding.role, members: [v.key_binding.member] }] },
];

describe('gcp-secret-store bindings: only the named principals read the values', () => {
  const v = view();
  const policies = policiesOf(v);
  const secret = v.secret_ids['cloudsql-app-password']!;
  const access = (member: string, resource = `${secret}/versions/latest`) =>
    gcpAllows(policies, member, 'secretmanager.versions.access', resource);
  const useKey = (member: string, permission: string) =>
    gcpAllows(policies, member, permission, `${KEY}/cryptoKeyVersions/1`);
  /** Reading a CMEK secret: the caller's access to the version, Secret Manager's to the key. */
  const reads = (member: string) =>
    access(member) && useKey(AGENT, 'cloudkms.cryptoKeyVersions.useToDecrypt');

  it('names every secret after its environment, in the project', () => {
    expect(v.secret_ids).toEqual({
      'cloudsql-app-password': `projects/${PROJECT}/secrets/production-cloudsql-app-password`,
      'smtp-password': `projects/${PROJECT}/secrets/production-smtp-password`,
    });
  });

  it('lets the accessor read every secret of the module, any version', () => {
    expect(reads(ESO)).toBe(true);
    expect(access(ESO, `${v.secret_ids['smtp-password']!}/versions/3`)).toBe(true);
  });

  it('refuses another service account of the project, and the service agent itself', () => {
    expect(reads(OTHER)).toBe(false);
    expect(access(AGENT)).toBe(false);
  });

  it('does not let the accessor add versions or use the key directly', () => {
    expect(gcpAllows(policies, ESO, 'secretmanager.versions.add', secret)).toBe(false);
    expect(useKey(ESO, 'cloudkms.cryptoKeyVersions.useToDecrypt')).toBe(false);
  });

  it('lets Secret Manager’s service agent, and nobody else, encrypt and decrypt with the key', () => {
    expect(useKey(AGENT, 'cloudkms.cryptoKeyVersions.useToEncrypt')).toBe(true);
    expect(useKey(AGENT, 'cloudkms.cryptoKeyVersions.useToDecrypt')).toBe(true);
    expect(useKey(OTHER, 'cloudkms.cryptoKeyVersions.useToDecrypt')).toBe(false);
  });

  it('grants nothing to anyone but the accessors and the service agent', () => {
    expect(membersOf(policies)).toEqual([AGENT, ESO].sort());
  });

  it('binds a workload identity principal as named, once, whatever the order given', () => {
    const named = policiesOf(view({ accessor_members: [ESO_KSA, ESO, ESO_KSA] }));
    expect(membersOf(named)).toEqual([AGENT, ESO, ESO_KSA].sort());
    expect(gcpAllows(named, ESO_KSA, 'secretmanager.versions.access', `${secret}/versions/1`)).toBe(
      true,
    );
    expect(named[0]!.bindings[0]!.members).toEqual([ESO, ESO_KSA].sort());
  });
});

describe('gcp-secret-store variable validation (real Terraform)', () => {
  const error = (vars: Record<string, unknown>) => {
    const result = evaluateLocal(
      'gcp-secret-store',
      'test_view',
      { ...base, ...vars },
      stub,
      files,
    );
    return result.ok ? 'accepted' : result.error.replace(/\s+/g, ' ');
  };

  it('accepts the documented shapes', () => {
    expect(error({})).toBe('accepted');
    expect(
      error({
        create_kms_key: false,
        kms_key_id:
          'projects/acme-security/locations/europe-west1/keyRings/secrets/cryptoKeys/prod',
        secrets: { 'payment-api-key': { given: true } },
        accessor_members: [ESO_KSA],
      }),
    ).toBe('accepted');
  });

  it.each([
    ['the public', 'allUsers'],
    ['every signed-in account', 'allAuthenticatedUsers'],
    ['a whole domain', 'domain:acme.example'],
    ['a group', 'group:platform@acme.example'],
    [
      'a principal set (every service account of a namespace)',
      `principalSet://iam.googleapis.com/projects/${NUMBER}/locations/global/workloadIdentityPools/acme-prod.svc.id.goog/namespace/external-secrets`,
    ],
    ['a bare e-mail', 'external-secrets@acme-prod.iam.gserviceaccount.com'],
  ])('refuses %s as an accessor', (_what, member) => {
    expect(error({ accessor_members: [member] })).toMatch(
      /Name at least one accessor, each one service account/,
    );
  });

  it('refuses a store with no accessor', () => {
    expect(error({ accessor_members: [] })).toMatch(/Name at least one accessor/);
  });

  it('refuses an existing key without its id, in another location, or an id with a created key', () => {
    const message = /Give kms_key_id \(a key in the secrets' location/;
    expect(error({ create_kms_key: false })).toMatch(message);
    expect(
      error({
        create_kms_key: false,
        kms_key_id: 'projects/acme-prod/locations/us-east1/keyRings/secrets/cryptoKeys/prod',
      }),
    ).toMatch(message);
    expect(error({ kms_key_id: KEY })).toMatch(message);
  });

  it('refuses bad projects, environments, locations, names, lengths and versions', () => {
    expect(error({ project_id: NUMBER })).toMatch(/not the project number/);
    expect(error({ environment: 'Prod' })).toMatch(/The environment must be 2-32 lowercase/);
    expect(error({ location: 'global' })).toMatch(/The location must be a Google Cloud region/);
    expect(error({ secrets: { 'api/key': {} } })).toMatch(/Each secret name must be 1-200/);
    expect(error({ secrets: { a: { generate: true, given: true } } })).toMatch(
      /either generated \(generate = true\) or given/,
    );
    expect(error({ secrets: { a: { generate: true, length: 8 } } })).toMatch(
      /length must be from 16 to 4096/,
    );
    expect(error({ secrets: { a: { value_version: 1.5 } } })).toMatch(/value_version must be/);
    expect(error({ kms_key_rotation_period_in_days: 0 })).toMatch(/rotation period must be/);
  });
});
