terraform {
  # Write-only arguments (value_wo) need Terraform 1.11.
  required_version = ">= 1.11.1"

  required_providers {
    azurerm = {
      source = "hashicorp/azurerm"
      # azurerm_key_vault.rbac_authorization_enabled (4.42); value_wo came earlier (4.23).
      version = ">= 4.42, < 5.0"
    }
    random = {
      source = "hashicorp/random"
      # ephemeral "random_password".
      version = ">= 3.7, < 4.0"
    }
  }
}
