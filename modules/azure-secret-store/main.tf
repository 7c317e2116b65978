# A Key Vault for one environment's secrets: RBAC authorization only (no access policies), soft
# delete with purge protection, secrets whose generated or given values reach the vault through
# write-only arguments (never the plan or the state), readable only by the principals named, and
# optionally a customer-managed key for the services that encrypt with one.

locals {
  vault_id  = try(azurerm_key_vault.this[0].id, "")
  vault_uri = try(azurerm_key_vault.this[0].vault_uri, "")
  generated = { for name, s in var.secrets : name => s if var.create && s.generate }
}

resource "azurerm_key_vault" "this" {
  count = var.create ? 1 : 0

  name                          = var.name
  location                      = var.location
  resource_group_name           = var.resource_group_name
  tenant_id                     = var.tenant_id
  sku_name                      = var.sku_name
  rbac_authorization_enabled    = true
  purge_protection_enabled      = true
  soft_delete_retention_days    = var.soft_delete_retention_days
  public_network_access_enabled = var.public_network_access_enabled

  tags = var.tags
}

# Before anything is written: with RBAC authorization, the vault's data plane is closed even to
# the principal that created it.
resource "azurerm_role_assignment" "writers" {
  for_each = { for key, a in local.writer_assignments : key => a if var.create }

  scope                = each.value.scope
  role_definition_name = each.value.role_definition_name
  principal_id         = each.value.principal_id
}

################################################################################
# Secrets and their values
################################################################################

# Ephemeral: generated during plan/apply, never stored in the plan or the state.
ephemeral "random_password" "this" {
  for_each = local.generated

  length  = each.value.length
  special = !each.value.exclude_punctuation
}

locals {
  # Ephemeral too (it holds ephemeral values): usable only in write-only arguments.
  values = merge(var.secret_values, { for name, p in ephemeral.random_password.this : name => p.result })
}

resource "azurerm_key_vault_secret" "this" {
  for_each = { for name, s in var.secrets : name => s if var.create }

  name         = local.secret_names[each.key]
  key_vault_id = azurerm_key_vault.this[0].id
  content_type = each.value.content_type == "" ? null : each.value.content_type
  # Write-only (Terraform >= 1.11): sent to the vault, never persisted; a new value_version writes
  # a new version.
  value_wo         = local.values[each.key]
  value_wo_version = each.value.value_version

  tags = var.tags

  depends_on = [azurerm_role_assignment.writers]

  lifecycle {
    postcondition {
      condition     = self.versionless_id == local.secret_ids[each.key]
      error_message = "The secret's versionless id is not the reference handed to External Secrets (${local.secret_ids[each.key]})."
    }
  }
}

################################################################################
# Customer-managed key (optional)
################################################################################

resource "azurerm_key_vault_key" "this" {
  count = var.create && var.create_key ? 1 : 0

  name         = local.key_name
  key_vault_id = azurerm_key_vault.this[0].id
  key_type     = var.sku_name == "premium" ? "RSA-HSM" : "RSA"
  key_size     = 3072
  key_opts     = ["wrapKey", "unwrapKey"]

  rotation_policy {
    automatic {
      time_after_creation = "P${var.key_rotation_period_in_days}D"
    }
    expire_after         = "P${var.key_rotation_period_in_days * 2}D"
    notify_before_expiry = "P30D"
  }

  tags = var.tags

  depends_on = [azurerm_role_assignment.writers]
}

# Who may read each secret (and use the key): assigned on the secret or key itself, which must
# exist first.
resource "azurerm_role_assignment" "readers" {
  for_each = { for key, a in local.access_assignments : key => a if var.create }

  scope                = each.value.scope
  role_definition_name = each.value.role_definition_name
  principal_id         = each.value.principal_id

  depends_on = [azurerm_key_vault_secret.this, azurerm_key_vault_key.this]
}
