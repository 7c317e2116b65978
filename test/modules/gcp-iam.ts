/**
 * Google Cloud IAM allow policies, evaluated the way IAM does for the few roles the secret-store
 * module grants: a binding on a resource reaches it and everything below it in the resource name
 * (a secret's binding reaches its versions), a member matches itself — or anyone, for `allUsers`
 * and `allAuthenticatedUsers` — and a role grants the permissions Google lists for it.
 */

/** Permissions of the predefined roles the modules use, from Google's reference pages:
 * https://cloud.google.com/iam/docs/roles-permissions/secretmanager and
 * https://cloud.google.com/iam/docs/roles-permissions/cloudkms */
const ROLE_PERMISSIONS: Readonly<Record<string, readonly string[]>> = {
  'roles/secretmanager.secretAccessor': ['secretmanager.versions.access'],
  'roles/cloudkms.cryptoKeyEncrypterDecrypter': [
    'cloudkms.cryptoKeyVersions.useToDecrypt',
    'cloudkms.cryptoKeyVersions.useToEncrypt',
    'cloudkms.locations.get',
    'cloudkms.locations.list',
    'resourcemanager.projects.get',
  ],
};

export interface Binding {
  readonly role: string;
  readonly members: readonly string[];
}

/** The allow policy set on one resource (its full resource name). */
export interface ResourcePolicy {
  readonly resource: string;
  readonly bindings: readonly Binding[];
}

const PUBLIC = new Set(['allUsers', 'allAuthenticatedUsers']);

function permissionsOf(role: string): readonly string[] {
  const permissions = ROLE_PERMISSIONS[role];
  if (!permissions)
    throw new Error(`gcp-iam: no permission list for ${role}; add it from Google's reference`);
  return permissions;
}

/** Whether `member` holds `permission` on `resource` through the policies given. */
export function gcpAllows(
  policies: readonly ResourcePolicy[],
  member: string,
  permission: string,
  resource: string,
): boolean {
  return policies
    .filter((p) => resource === p.resource || resource.startsWith(`${p.resource}/`))
    .some((p) =>
      p.bindings.some(
        (b) =>
          permissionsOf(b.role).includes(permission) &&
          b.members.some((m) => m === member || PUBLIC.has(m)),
      ),
    );
}

/** Every member any of the policies names. */
export function membersOf(policies: readonly ResourcePolicy[]): string[] {
  return [...new Set(policies.flatMap((p) => p.bindings.flatMap((b) => b.members)))].sort();
}
