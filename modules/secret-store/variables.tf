variable "create" {
  description = "Whether to create anything. Set to false to keep the module in a configuration without creating resources."
  type        = bool
  default     = true
}

variable "environment" {
  description = "Environment the secrets belong to; every secret name starts with \"<environment>/\", e.g. \"production\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,30}[a-z0-9]$", var.environment))
    error_message = "The environment must be 2-32 lowercase letters, digits and hyphens, starting and ending with a letter or digit, e.g. \"production\"."
  }
}

variable "secrets" {
  description = "Secrets to create, by name (the name after \"<environment>/\"). `generate = true` stores a random value generated during apply through an ephemeral resource and a write-only argument: it never enters the plan or the state. Bump `value_version` to generate a new value. Without `generate` the secret is created empty, for a person or a rotation function to fill."
  type = map(object({
    description             = optional(string, "")
    generate                = optional(bool, false)
    length                  = optional(number, 32)
    exclude_punctuation     = optional(bool, true)
    value_version           = optional(number, 1)
    recovery_window_in_days = optional(number, 30)
  }))

  validation {
    condition     = alltrue([for name in keys(var.secrets) : can(regex("^[a-zA-Z0-9][a-zA-Z0-9/_+=.@-]{0,400}$", name)) && !can(regex("//", name))])
    error_message = "Each secret name must be letters, digits and / _ + = . @ - (no \"//\", at most 401 characters), starting with a letter or digit, e.g. \"api/jwt-secret\"."
  }

  validation {
    condition     = alltrue([for s in values(var.secrets) : s.length >= 16 && s.length <= 4096])
    error_message = "A generated value's length must be from 16 to 4096 characters, e.g. 32."
  }

  validation {
    condition     = alltrue([for s in values(var.secrets) : s.recovery_window_in_days == 0 || (s.recovery_window_in_days >= 7 && s.recovery_window_in_days <= 30)])
    error_message = "recovery_window_in_days must be 0 (delete at once) or from 7 to 30, e.g. 30."
  }

  validation {
    condition     = alltrue([for s in values(var.secrets) : s.value_version >= 1 && floor(s.value_version) == s.value_version])
    error_message = "value_version must be a whole number from 1; increase it to generate a new value, e.g. 2."
  }
}

variable "reader_role_arns" {
  description = "IAM roles that may read the secret values (GetSecretValue and kms:Decrypt through Secrets Manager), e.g. the External Secrets Operator's IRSA or Pod Identity role. Everyone else is denied GetSecretValue by each secret's resource policy."
  type        = list(string)

  validation {
    condition     = length(var.reader_role_arns) > 0 && alltrue([for arn in var.reader_role_arns : can(regex("^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/[a-zA-Z0-9+=,.@_/-]+$", arn))])
    error_message = "Name at least one reader, each a full IAM role ARN without wildcards (with its path), e.g. \"arn:aws:iam::111122223333:role/external-secrets\"."
  }
}

variable "writer_role_arns" {
  description = "IAM roles that manage the secrets and write their values, e.g. the role Terraform runs as (Grape's deploy role). They may also read: Terraform reads a secret version back when it refreshes."
  type        = list(string)

  validation {
    condition     = length(var.writer_role_arns) > 0 && alltrue([for arn in var.writer_role_arns : can(regex("^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/[a-zA-Z0-9+=,.@_/-]+$", arn))])
    error_message = "Name at least one writer, each a full IAM role ARN without wildcards (with its path), e.g. \"arn:aws:iam::111122223333:role/grape/grape-deploy\"."
  }
}

variable "key_administrator_arns" {
  description = "IAM principals that administer the KMS key (policy, rotation, deletion) but cannot use it. Empty: the account's root, so IAM policies of the account decide who administers. The principal applying the module must be among them, or KMS refuses a policy that would lock it out."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.key_administrator_arns : can(regex("^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:(role|user)/[a-zA-Z0-9+=,.@_/-]+$", arn))])
    error_message = "Each key administrator must be a full IAM role or user ARN without wildcards, e.g. \"arn:aws:iam::111122223333:role/platform-admin\"."
  }
}

variable "create_kms_key" {
  description = "Create a customer-managed KMS key (with alias, rotation and the key policy of this module). Set to false to encrypt with an existing key given in kms_key_arn."
  type        = bool
  default     = true
}

variable "kms_key_arn" {
  description = "ARN of an existing customer-managed KMS key (when create_kms_key is false). Its key policy is yours: grant the readers kms:Decrypt through Secrets Manager, as this module's key_policy output shows."
  type        = string
  default     = null

  validation {
    condition     = var.create_kms_key ? var.kms_key_arn == null : can(regex("^arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+$", var.kms_key_arn))
    error_message = "Give kms_key_arn (a key ARN, not an alias, e.g. \"arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\") exactly when create_kms_key is false."
  }
}

variable "kms_key_alias" {
  description = "Alias (without the alias/ prefix) of the created KMS key. Null: \"<environment>/secrets\"."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_alias == null || (can(regex("^[a-zA-Z0-9/_-]{1,250}$", coalesce(var.kms_key_alias, "x"))) && !startswith(coalesce(var.kms_key_alias, "x"), "aws/"))
    error_message = "The alias must be 1-250 characters of letters, digits, / _ - and not start with \"aws/\", e.g. \"production/secrets\"."
  }
}

variable "kms_key_rotation_period_in_days" {
  description = "Days between automatic rotations of the created KMS key (90-2560)."
  type        = number
  default     = 365

  validation {
    condition     = var.kms_key_rotation_period_in_days >= 90 && var.kms_key_rotation_period_in_days <= 2560
    error_message = "The rotation period must be from 90 to 2560 days, e.g. 365."
  }
}

variable "kms_key_deletion_window_in_days" {
  description = "Waiting period (7-30 days) before a deleted KMS key is destroyed."
  type        = number
  default     = 30

  validation {
    condition     = var.kms_key_deletion_window_in_days >= 7 && var.kms_key_deletion_window_in_days <= 30
    error_message = "The deletion window must be from 7 to 30 days, e.g. 30."
  }
}

variable "tags" {
  description = "Tags to add to the resources."
  type        = map(string)
  default     = {}
}
