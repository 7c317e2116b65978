# A premium vault that also holds the customer-managed key (RSA-HSM, rotating yearly) a
# PostgreSQL flexible server encrypts its data with: the server's user-assigned identity may wrap
# and unwrap with that key and nothing else; its administrator password is a generated secret
# only External Secrets reads.

provider "azurerm" {
  features {}
  subscription_id = "00000000-0000-0000-0000-000000000000"
}

module "secrets" {
  source = "../.."

  name                = "acme-prod-db-kv"
  resource_group_name = "rg-platform-prod"
  location            = "westeurope"
  tenant_id           = "7d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"
  environment         = "production"
  sku_name            = "premium"

  secrets = {
    "postgres-admin-password" = { generate = true }
  }

  reader_principal_ids = ["5a0b2c3d-1e2f-4a5b-8c9d-0e1f2a3b4c5d"]
  writer_principal_ids = ["c0ffee00-1111-4222-8333-444455556666"]

  create_key             = true
  key_user_principal_ids = ["9f8e7d6c-5b4a-4392-8172-6f5e4d3c2b1a"]
}

output "key_id" {
  description = "For the server's customer_managed_key.primary_key_vault_key_id."
  value       = module.secrets.key_id
}

output "secret_ids" {
  description = "Key Vault secret ids, by secret (for the ExternalSecret hand-off)."
  value       = module.secrets.secret_ids
}
