variable "create" {
  description = "Whether to create the bucket."
  type        = bool
  default     = true
}

variable "bucket_name" {
  description = "Name of the bucket (globally unique), e.g. \"acme-prod-uploads\"."
  type        = string

  validation {
    condition = (
      can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
      && !can(regex("\\.\\.|^\\d+\\.\\d+\\.\\d+\\.\\d+$|^xn--|-s3alias$|--ol-s3$", var.bucket_name))
    )
    error_message = "The bucket name must be 3-63 lowercase letters, digits, dots and hyphens, start and end with a letter or digit, and not look like an IP address, e.g. \"acme-prod-uploads\"."
  }
}

variable "kms_key_arn" {
  description = "KMS key for SSE-KMS; null uses the account's AWS-managed aws/s3 key."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/.+$", var.kms_key_arn))
    error_message = "The KMS key must be a key or alias ARN, e.g. \"arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\"."
  }
}

variable "versioning" {
  description = "Keep every version of every object."
  type        = bool
  default     = true
}

variable "noncurrent_version_expiration_days" {
  description = "Days after which overwritten versions expire; null keeps them forever."
  type        = number
  default     = 90

  validation {
    condition     = var.noncurrent_version_expiration_days == null || try(var.noncurrent_version_expiration_days >= 1, false)
    error_message = "Expire overwritten versions after at least 1 day, or set null to keep them."
  }
}

variable "force_destroy" {
  description = "Allow destroying the bucket while it holds objects (for ephemeral environments only)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags to add to the resources."
  type        = map(string)
  default     = {}
}
