variable "create" {
  description = "Whether to create the backend. Set to false to keep the module in a configuration without creating anything."
  type        = bool
  default     = true
}

variable "bucket_name" {
  description = "Name of the state bucket (globally unique), e.g. \"acme-terraform-state-111122223333\"."
  type        = string

  validation {
    condition = (
      can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
      && !can(regex("\\.\\.|^\\d+\\.\\d+\\.\\d+\\.\\d+$|^xn--|-s3alias$|--ol-s3$", var.bucket_name))
    )
    error_message = "The bucket name must be 3-63 lowercase letters, digits, dots and hyphens, start and end with a letter or digit, and not look like an IP address, e.g. \"acme-terraform-state-111122223333\"."
  }
}

variable "kms_key_alias" {
  description = "Alias (without the alias/ prefix) of the state's KMS key."
  type        = string
  default     = "terraform-state"

  validation {
    condition     = can(regex("^[a-zA-Z0-9/_-]{1,250}$", var.kms_key_alias)) && !startswith(var.kms_key_alias, "aws/")
    error_message = "The alias must be 1-250 characters of letters, digits, / _ - and not start with \"aws/\", e.g. \"terraform-state\"."
  }
}

variable "kms_key_rotation_period_in_days" {
  description = "Days between automatic rotations of the KMS key (90-2560)."
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

variable "noncurrent_version_retention_days" {
  description = "Days an overwritten state version is kept before it expires (your undo window)."
  type        = number
  default     = 90

  validation {
    condition     = var.noncurrent_version_retention_days >= 1
    error_message = "Keep overwritten versions at least 1 day, e.g. 90."
  }
}

variable "noncurrent_versions_to_keep" {
  description = "Number of overwritten versions always kept, whatever their age (1-100)."
  type        = number
  default     = 10

  validation {
    condition     = var.noncurrent_versions_to_keep >= 1 && var.noncurrent_versions_to_keep <= 100
    error_message = "Keep from 1 to 100 overwritten versions, e.g. 10."
  }
}

variable "create_dynamodb_table" {
  description = "Also create a DynamoDB lock table, for engines older than Terraform 1.11 / OpenTofu 1.10. Newer engines lock with `use_lockfile = true` and need no table."
  type        = bool
  default     = false
}

variable "dynamodb_table_name" {
  description = "Name of the DynamoDB lock table (when create_dynamodb_table is true)."
  type        = string
  default     = "terraform-locks"

  validation {
    condition     = can(regex("^[a-zA-Z0-9_.-]{3,255}$", var.dynamodb_table_name))
    error_message = "The table name must be 3-255 characters of letters, digits, _ . -, e.g. \"terraform-locks\"."
  }
}

variable "tags" {
  description = "Tags to add to the resources."
  type        = map(string)
  default     = {}
}
