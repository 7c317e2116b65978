output "vault_uri" {
  description = "The vault's URI (\"https://<name>.vault.azure.net/\"): the `vaultUrl` of ESO's azurekv store."
  value       = try(azurerm_key_vault.this[0].vault_uri, null)
}

output "vault_id" {
  description = "The vault's resource id."
  value       = try(azurerm_key_vault.this[0].id, null)
}

output "secret_ids" {
  description = "Versionless id of each secret (\"https://<vault>.vault.azure.net/secrets/<environment>-<name>\"), by the name given in `secrets`: the references to list in `facts-external-secrets` (ESO's azurekv provider), never the values."
  value       = { for name, s in azurerm_key_vault_secret.this : name => local.secret_ids[name] }
}

output "secret_names" {
  description = "Key Vault name of each secret (\"<environment>-<name>\"), by the name given in `secrets`."
  value       = { for name, s in azurerm_key_vault_secret.this : name => s.name }
}

output "key_id" {
  description = "Versionless id of the customer-managed key (for a service's CMK setting, so that it follows rotations), or null when none is created."
  value       = try(azurerm_key_vault_key.this[0].versionless_id, null)
}
