variable "create" {
  description = "Whether to create anything. Set to false to keep the module in a configuration without creating resources."
  type        = bool
  default     = true
}

variable "name" {
  description = "Name of the Key Vault (globally unique, 3-24 characters): its URI is https://<name>.vault.azure.net/."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$", var.name)) && !strcontains(var.name, "--")
    error_message = "The vault name must be 3-24 letters, digits and single hyphens, starting with a letter and ending with a letter or digit, e.g. \"acme-prod-kv\"."
  }
}

variable "resource_group_name" {
  description = "Resource group of the vault."
  type        = string

  validation {
    condition     = can(regex("^[-\\w.()]{1,89}[-\\w()]$", var.resource_group_name))
    error_message = "The resource group name must be 1-90 letters, digits, underscores, hyphens, periods or parentheses, not ending with a period, e.g. \"rg-platform-prod\"."
  }
}

variable "location" {
  description = "Azure region of the vault, e.g. \"westeurope\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]+$", var.location))
    error_message = "The location must be an Azure region name in lower case without spaces, e.g. \"westeurope\"."
  }
}

variable "tenant_id" {
  description = "Entra tenant (directory) id the vault authenticates requests against."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", var.tenant_id))
    error_message = "The tenant id must be a lower-case GUID, e.g. \"7d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b\"."
  }
}

variable "sku_name" {
  description = "The vault's tier: `standard`, or `premium` for HSM-protected keys (the customer-managed key is then RSA-HSM)."
  type        = string
  default     = "standard"

  validation {
    condition     = contains(["standard", "premium"], var.sku_name)
    error_message = "The SKU must be \"standard\" or \"premium\"."
  }
}

variable "environment" {
  description = "Environment the secrets belong to; every secret name starts with \"<environment>-\", e.g. \"production\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,30}[a-z0-9]$", var.environment))
    error_message = "The environment must be 2-32 lowercase letters, digits and hyphens, starting and ending with a letter or digit, e.g. \"production\"."
  }
}

variable "secrets" {
  description = "Secrets to create, by name (the Key Vault secret name is \"<environment>-<name>\"). A Key Vault secret always has a value: `generate = true` stores a random value generated during apply through an ephemeral resource, `given = true` the value of `secret_values[name]`; both go through the write-only `value_wo`, never the plan or the state. Bump `value_version` to write a new version."
  type = map(object({
    content_type        = optional(string, "")
    generate            = optional(bool, false)
    given               = optional(bool, false)
    length              = optional(number, 32)
    exclude_punctuation = optional(bool, true)
    value_version       = optional(number, 1)
  }))

  validation {
    condition     = alltrue([for name in keys(var.secrets) : can(regex("^[a-zA-Z0-9][a-zA-Z0-9-]{0,93}$", name))])
    error_message = "Each secret name must be 1-94 letters, digits or hyphens, starting with a letter or digit (Key Vault names hold nothing else), e.g. \"postgres-admin-password\"."
  }

  validation {
    condition     = alltrue([for s in values(var.secrets) : s.generate != s.given])
    error_message = "Each secret is either generated (generate = true) or given (given = true, its value in secret_values): a Key Vault secret cannot be created empty."
  }

  validation {
    condition     = alltrue([for s in values(var.secrets) : s.length >= 16 && s.length <= 4096])
    error_message = "A generated value's length must be from 16 to 4096 characters, e.g. 32."
  }

  validation {
    condition     = alltrue([for s in values(var.secrets) : s.value_version >= 1 && floor(s.value_version) == s.value_version])
    error_message = "value_version must be a whole number from 1; increase it to write a new value, e.g. 2."
  }
}

variable "secret_values" {
  description = "Values of the secrets marked `given = true`, by name. Ephemeral: Terraform keeps them out of the plan and the state, and they must be given at plan and at apply (e.g. TF_VAR_secret_values from the workflow's secrets)."
  type        = map(string)
  default     = {}
  sensitive   = true
  ephemeral   = true
}

variable "reader_principal_ids" {
  description = "Object ids of the principals that may read the secret values (`Key Vault Secrets User` on each secret, nothing on the vault), e.g. the managed identity the External Secrets Operator signs in as through AKS workload identity."
  type        = list(string)

  validation {
    condition     = length(var.reader_principal_ids) > 0 && alltrue([for id in var.reader_principal_ids : can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", id))])
    error_message = "Name at least one reader, each the object (principal) id of an identity as a lower-case GUID, e.g. \"5a0b2c3d-1e2f-4a5b-8c9d-0e1f2a3b4c5d\"."
  }
}

variable "writer_principal_ids" {
  description = "Object ids of the principals that manage the secrets and write their values (`Key Vault Secrets Officer` on the vault, and `Key Vault Crypto Officer` when the module creates a key), e.g. the identity Terraform runs as (azure-bootstrap's principal_id). With RBAC authorization even the vault's creator has no right on its contents without this."
  type        = list(string)

  validation {
    condition     = length(var.writer_principal_ids) > 0 && alltrue([for id in var.writer_principal_ids : can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", id))])
    error_message = "Name at least one writer, each the object (principal) id of an identity as a lower-case GUID, e.g. the deploy identity's \"c0ffee00-1111-4222-8333-444455556666\"."
  }
}

variable "soft_delete_retention_days" {
  description = "Days (7-90) a deleted vault or secret stays recoverable. Purge protection is always on: nobody can purge it earlier."
  type        = number
  default     = 90

  validation {
    condition     = var.soft_delete_retention_days >= 7 && var.soft_delete_retention_days <= 90 && floor(var.soft_delete_retention_days) == var.soft_delete_retention_days
    error_message = "The soft-delete retention must be a whole number of days from 7 to 90, e.g. 90."
  }
}

variable "public_network_access_enabled" {
  description = "Whether the vault answers on its public endpoint (RBAC still decides who reads). Set to false when the cluster reaches it through a private endpoint."
  type        = bool
  default     = true
}

variable "create_key" {
  description = "Create a customer-managed key in the vault (RSA 3072, RSA-HSM on premium, rotating automatically) for the services that encrypt with one, e.g. a PostgreSQL flexible server. Key Vault itself protects its secrets with its own HSM-backed keys: it has no customer-managed key of its own."
  type        = bool
  default     = false
}

variable "key_user_principal_ids" {
  description = "Object ids of the identities that may wrap and unwrap with the created key (`Key Vault Crypto Service Encryption User` on the key), e.g. the PostgreSQL server's user-assigned identity."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.key_user_principal_ids : can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", id))])
    error_message = "Each key user must be the object (principal) id of an identity as a lower-case GUID, e.g. \"9f8e7d6c-5b4a-4392-8172-6f5e4d3c2b1a\"."
  }
}

variable "key_rotation_period_in_days" {
  description = "Days after which the created key rotates automatically (28-730); it expires at twice that if rotation ever stops."
  type        = number
  default     = 365

  validation {
    condition     = var.key_rotation_period_in_days >= 28 && var.key_rotation_period_in_days <= 730 && floor(var.key_rotation_period_in_days) == var.key_rotation_period_in_days
    error_message = "The key rotation period must be a whole number of days from 28 to 730, e.g. 365."
  }
}

variable "tags" {
  description = "Tags to add to the resources."
  type        = map(string)
  default     = {}
}
