# Azure side of Grape's zero-key deployments: an identity Grape signs in as with the workflow's
# GitHub OIDC token — a user-assigned managed identity or an app registration with its service
# principal — with one federated identity credential per trusted subject, and its role
# assignments. No secret or certificate is ever created.

data "azuread_client_config" "this" {}

resource "azurerm_user_assigned_identity" "this" {
  count = var.create && var.identity_type == "user-assigned" ? 1 : 0

  name                = var.name
  resource_group_name = var.resource_group_name
  location            = var.location

  lifecycle {
    precondition {
      condition     = var.resource_group_name != null && var.location != null
      error_message = "A user-assigned identity needs resource_group_name and location."
    }
  }
}

resource "azurerm_federated_identity_credential" "this" {
  for_each = var.create && var.identity_type == "user-assigned" ? local.credentials : {}

  name                = each.key
  resource_group_name = var.resource_group_name
  parent_id           = azurerm_user_assigned_identity.this[0].id
  issuer              = var.issuer
  subject             = each.value
  audience            = [var.audience]
}

resource "azuread_application" "this" {
  count = var.create && var.identity_type == "app-registration" ? 1 : 0

  display_name = var.name
  owners       = [data.azuread_client_config.this.object_id]
}

resource "azuread_service_principal" "this" {
  count = var.create && var.identity_type == "app-registration" ? 1 : 0

  client_id = azuread_application.this[0].client_id
  owners    = [data.azuread_client_config.this.object_id]
}

resource "azuread_application_federated_identity_credential" "this" {
  for_each = var.create && var.identity_type == "app-registration" ? local.credentials : {}

  application_id = azuread_application.this[0].id
  display_name   = each.key
  description    = "GitHub Actions: ${each.value}"
  issuer         = var.issuer
  subject        = each.value
  audiences      = [var.audience]
}

locals {
  client_id    = var.identity_type == "user-assigned" ? try(azurerm_user_assigned_identity.this[0].client_id, null) : try(azuread_application.this[0].client_id, null)
  principal_id = var.identity_type == "user-assigned" ? try(azurerm_user_assigned_identity.this[0].principal_id, null) : try(azuread_service_principal.this[0].object_id, null)
}

resource "azurerm_role_assignment" "this" {
  for_each = { for a in(var.create ? var.role_assignments : []) : "${a.role_definition_name}@${a.scope}" => a }

  scope                = each.value.scope
  role_definition_name = each.value.role_definition_name
  principal_id         = local.principal_id
  principal_type       = "ServicePrincipal"
}
