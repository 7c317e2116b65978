variable "create" {
  description = "Whether to create anything. Set to false to keep the module in a configuration without creating resources."
  type        = bool
  default     = true
}

variable "project_id" {
  description = "Project that holds the secrets (and the key ring, when created), e.g. \"acme-prod\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "The project id must be 6-30 lower-case letters, digits or hyphens starting with a letter, e.g. \"acme-prod\" (not the project number)."
  }
}

variable "environment" {
  description = "Environment the secrets belong to; every secret id starts with \"<environment>-\", e.g. \"production\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,30}[a-z0-9]$", var.environment))
    error_message = "The environment must be 2-32 lowercase letters, digits and hyphens, starting and ending with a letter or digit, e.g. \"production\"."
  }
}

variable "location" {
  description = "The one location the secrets are replicated to and the key ring lives in (Secret Manager's CMEK needs a key in each replica's location), e.g. \"europe-west1\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]+$", var.location))
    error_message = "The location must be a Google Cloud region such as \"europe-west1\" (not \"global\" or a multi-region: each replica needs a key of its own location)."
  }
}

variable "secrets" {
  description = "Secrets to create, by name (the secret id is \"<environment>-<name>\"). `generate = true` stores a random value generated during apply through an ephemeral resource and a write-only argument: it never enters the plan or the state; bump `value_version` to generate a new value. `given = true` stores the value of `secret_values[name]` the same way. Otherwise the secret is created without a version, for a person or a rotation job to fill."
  type = map(object({
    description         = optional(string, "")
    generate            = optional(bool, false)
    given               = optional(bool, false)
    length              = optional(number, 32)
    exclude_punctuation = optional(bool, true)
    value_version       = optional(number, 1)
  }))

  validation {
    condition     = alltrue([for name in keys(var.secrets) : can(regex("^[a-zA-Z0-9][a-zA-Z0-9_-]{0,199}$", name))])
    error_message = "Each secret name must be 1-200 letters, digits, _ or -, starting with a letter or digit (Secret Manager ids hold no \"/\"), e.g. \"cloudsql-app-password\"."
  }

  validation {
    condition     = alltrue([for s in values(var.secrets) : !(s.generate && s.given)])
    error_message = "A secret is either generated (generate = true) or given (given = true, its value in secret_values), not both."
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

variable "accessor_members" {
  description = "The principals that may read the secret values (roles/secretmanager.secretAccessor on each secret, an authoritative binding: nobody else holds that role on them), e.g. the External Secrets Operator's service account (\"serviceAccount:external-secrets@acme-prod.iam.gserviceaccount.com\") or its Kubernetes service account through GKE workload identity federation (\"principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/acme-prod.svc.id.goog/subject/ns/external-secrets/sa/external-secrets\")."
  type        = list(string)

  validation {
    condition = length(var.accessor_members) > 0 && alltrue([for m in var.accessor_members : can(regex(
      "^(serviceAccount:[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\\.iam\\.gserviceaccount\\.com|principal://iam\\.googleapis\\.com/projects/[0-9]+/locations/global/workloadIdentityPools/[a-z0-9.-]+/subject/[^*\\s]+)$", m
    ))])
    error_message = "Name at least one accessor, each one service account (\"serviceAccount:external-secrets@acme-prod.iam.gserviceaccount.com\") or one workload identity principal (\"principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/acme-prod.svc.id.goog/subject/ns/external-secrets/sa/external-secrets\"): no principalSet, group, domain, allUsers or wildcard."
  }
}

variable "create_kms_key" {
  description = "Create a key ring and a customer-managed Cloud KMS key (with automatic rotation) in `location`. Set to false to encrypt with an existing key given in kms_key_id."
  type        = bool
  default     = true
}

variable "kms_key_id" {
  description = "Id of an existing Cloud KMS key in `location` (when create_kms_key is false), \"projects/P/locations/L/keyRings/R/cryptoKeys/K\". The module grants Secret Manager's service agent roles/cloudkms.cryptoKeyEncrypterDecrypter on it."
  type        = string
  default     = null

  validation {
    condition     = var.create_kms_key ? var.kms_key_id == null : can(regex("^projects/[a-z][a-z0-9-]{4,28}[a-z0-9]/locations/${var.location}/keyRings/[a-zA-Z0-9_-]{1,63}/cryptoKeys/[a-zA-Z0-9_-]{1,63}$", var.kms_key_id))
    error_message = "Give kms_key_id (a key in the secrets' location, e.g. \"projects/acme-security/locations/europe-west1/keyRings/secrets/cryptoKeys/production\") exactly when create_kms_key is false."
  }
}

variable "kms_key_ring_name" {
  description = "Name of the created key ring. Null: \"<environment>-secrets\". Key rings cannot be deleted: a name is used once per project and location."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_ring_name == null || can(regex("^[a-zA-Z0-9_-]{1,63}$", coalesce(var.kms_key_ring_name, "x")))
    error_message = "The key ring name must be 1-63 letters, digits, _ or -, e.g. \"production-secrets\"."
  }
}

variable "kms_key_rotation_period_in_days" {
  description = "Days between automatic rotations of the created key (1-36500; Google recommends at most 90 for symmetric keys)."
  type        = number
  default     = 90

  validation {
    condition     = var.kms_key_rotation_period_in_days >= 1 && var.kms_key_rotation_period_in_days <= 36500 && floor(var.kms_key_rotation_period_in_days) == var.kms_key_rotation_period_in_days
    error_message = "The rotation period must be a whole number of days from 1 to 36500, e.g. 90."
  }
}

variable "labels" {
  description = "Labels to add to the secrets and the key."
  type        = map(string)
  default     = {}
}
