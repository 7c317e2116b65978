# Names, references and role assignments, kept free of resources on purpose: the tests evaluate
# this file with the real Terraform binary (no provider needed), check the assignments against who
# must and must not reach the values, and hand the references to the facts' ExternalSecret
# rendering. local.vault_id and local.vault_uri are resolved in main.tf.

locals {
  secret_names = { for name in keys(var.secrets) : name => "${var.environment}-${name}" }
  key_name     = "${var.environment}-cmk"

  # azurerm_key_vault_secret.versionless_id, "https://<vault>.vault.azure.net/secrets/<name>"
  # (main.tf checks it with a postcondition): ESO's azurekv provider reads `secret/<name>` from the
  # store's vault, which Grape's ExternalSecret hand-off takes from this form.
  secret_ids = { for name, secret in local.secret_names : name => "${trimsuffix(local.vault_uri, "/")}/secrets/${secret}" }

  # Azure RBAC scopes are inherited downwards: a reader assigned on one secret reads that secret
  # only, a writer assigned on the vault manages all of them. Map keys are known at plan time (the
  # vault id is not). Two sets, because they come at two moments: the writers' before the secrets
  # and the key can be written (RBAC guards the vault's data plane even from its creator), the
  # readers' on secrets and a key that must exist first.
  access_assignments = merge(
    {
      for pair in setproduct(keys(local.secret_names), distinct(var.reader_principal_ids)) :
      "Key Vault Secrets User|${pair[1]}|secrets/${local.secret_names[pair[0]]}" => {
        role_definition_name = "Key Vault Secrets User"
        principal_id         = pair[1]
        scope                = "${local.vault_id}/secrets/${local.secret_names[pair[0]]}"
      }
    },
    {
      for id in(var.create_key ? distinct(var.key_user_principal_ids) : []) : "Key Vault Crypto Service Encryption User|${id}|keys/${local.key_name}" => {
        role_definition_name = "Key Vault Crypto Service Encryption User"
        principal_id         = id
        scope                = "${local.vault_id}/keys/${local.key_name}"
      }
    },
  )

  writer_assignments = merge(
    {
      for id in distinct(var.writer_principal_ids) : "Key Vault Secrets Officer|${id}|vault" => {
        role_definition_name = "Key Vault Secrets Officer"
        principal_id         = id
        scope                = local.vault_id
      }
    },
    {
      for id in(var.create_key ? distinct(var.writer_principal_ids) : []) : "Key Vault Crypto Officer|${id}|vault" => {
        role_definition_name = "Key Vault Crypto Officer"
        principal_id         = id
        scope                = local.vault_id
      }
    },
  )
}
