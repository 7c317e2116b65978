/**
 * Azure RBAC role assignments, evaluated the way Azure does for the Key Vault roles the
 * azure-secret-store module assigns: an assignment reaches its scope and every resource below it,
 * and a role grants the data actions its definition lists (wildcards included) minus its
 * notDataActions. No deny assignments: the module makes none.
 */

/** Data actions of the built-in roles used, from
 * https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/security */
const ROLE_DATA_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  'Key Vault Secrets User': [
    'Microsoft.KeyVault/vaults/secrets/getSecret/action',
    'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
  ],
  'Key Vault Secrets Officer': ['Microsoft.KeyVault/vaults/secrets/*'],
  'Key Vault Crypto Officer': [
    'Microsoft.KeyVault/vaults/keys/*',
    'Microsoft.KeyVault/vaults/keyrotationpolicies/*',
  ],
  'Key Vault Crypto Service Encryption User': [
    'Microsoft.KeyVault/vaults/keys/read',
    'Microsoft.KeyVault/vaults/keys/wrap/action',
    'Microsoft.KeyVault/vaults/keys/unwrap/action',
  ],
};

export interface RoleAssignment {
  readonly role_definition_name: string;
  readonly principal_id: string;
  readonly scope: string;
}

const matches = (pattern: string, action: string): boolean =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  ).test(action);

function dataActionsOf(role: string): readonly string[] {
  const actions = ROLE_DATA_ACTIONS[role];
  if (!actions)
    throw new Error(`azure-rbac: no data actions listed for ${role}; add them from the reference`);
  return actions;
}

/** Whether `principal` may perform `dataAction` on the resource id `resource`. */
export function azureAllows(
  assignments: readonly RoleAssignment[],
  principal: string,
  dataAction: string,
  resource: string,
): boolean {
  const target = resource.toLowerCase();
  return assignments.some((a) => {
    const scope = a.scope.toLowerCase();
    return (
      a.principal_id === principal &&
      (target === scope || target.startsWith(`${scope}/`)) &&
      dataActionsOf(a.role_definition_name).some((pattern) => matches(pattern, dataAction))
    );
  });
}
