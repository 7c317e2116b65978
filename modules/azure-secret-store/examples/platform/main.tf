# The secrets of a platform on AKS: the PostgreSQL flexible server's administrator password and
# the JWT signing secret are generated during apply (never in state), the SMTP password is given
# by the workflow (ephemeral: in neither plan nor state). Only the managed identity the External
# Secrets Operator signs in as (AKS workload identity) reads them; Grape's deploy identity writes
# them. The ids go to the facts, and External Secrets brings the values into the cluster.

provider "azurerm" {
  features {}
  subscription_id = "00000000-0000-0000-0000-000000000000"
}

variable "secret_values" {
  description = "Values of the given secrets, from the workflow's secrets."
  type        = map(string)
  sensitive   = true
  ephemeral   = true
}

module "secrets" {
  source = "../.."

  name                = "acme-prod-kv"
  resource_group_name = "rg-platform-prod"
  location            = "westeurope"
  tenant_id           = "7d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"
  environment         = "production"

  secrets = {
    "postgres-admin-password" = {
      content_type = "PostgreSQL flexible server administrator password"
      generate     = true
    }
    "jwt-secret" = {
      generate = true
      length   = 64
    }
    "smtp-password" = {
      given = true
    }
  }
  secret_values = var.secret_values

  reader_principal_ids = ["5a0b2c3d-1e2f-4a5b-8c9d-0e1f2a3b4c5d"]
  writer_principal_ids = ["c0ffee00-1111-4222-8333-444455556666"]
}

output "secret_ids" {
  description = "Key Vault secret ids, by secret (for the ExternalSecret hand-off)."
  value       = module.secrets.secret_ids
}

output "vault_uri" {
  description = "The vaultUrl of the External Secrets store."
  value       = module.secrets.vault_uri
}
