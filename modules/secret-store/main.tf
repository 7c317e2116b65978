data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.region

  kms_key_arn = var.create_kms_key ? try(aws_kms_key.this[0].arn, null) : var.kms_key_arn
  generated   = { for name, s in var.secrets : name => s if var.create && s.generate }
}

################################################################################
# KMS key (or an existing one, given in kms_key_arn)
################################################################################

resource "aws_kms_key" "this" {
  count = var.create && var.create_kms_key ? 1 : 0

  description             = "Encrypts the ${var.environment} secrets in Secrets Manager"
  enable_key_rotation     = true
  rotation_period_in_days = var.kms_key_rotation_period_in_days
  deletion_window_in_days = var.kms_key_deletion_window_in_days
  policy                  = jsonencode(local.key_policy)

  tags = var.tags
}

resource "aws_kms_alias" "this" {
  count = var.create && var.create_kms_key ? 1 : 0

  name          = "alias/${coalesce(var.kms_key_alias, "${var.environment}/secrets")}"
  target_key_id = aws_kms_key.this[0].key_id
}

################################################################################
# Secrets, their resource policies and (optionally) generated values
################################################################################

resource "aws_secretsmanager_secret" "this" {
  for_each = { for name, s in var.secrets : name => s if var.create }

  name                    = "${var.environment}/${each.key}"
  description             = each.value.description
  kms_key_id              = local.kms_key_arn
  recovery_window_in_days = each.value.recovery_window_in_days

  tags = var.tags
}

resource "aws_secretsmanager_secret_policy" "this" {
  for_each = aws_secretsmanager_secret.this

  secret_arn          = each.value.arn
  policy              = jsonencode(local.secret_policy)
  block_public_policy = true
}

# Ephemeral: generated during plan/apply, never stored in the plan or the state.
ephemeral "aws_secretsmanager_random_password" "this" {
  for_each = local.generated

  password_length     = each.value.length
  exclude_punctuation = each.value.exclude_punctuation
  include_space       = false
}

resource "aws_secretsmanager_secret_version" "this" {
  for_each = local.generated

  secret_id = aws_secretsmanager_secret.this[each.key].id
  # Write-only (Terraform >= 1.11): sent to AWS, never persisted; a new value_version rewrites it.
  secret_string_wo         = ephemeral.aws_secretsmanager_random_password.this[each.key].random_password
  secret_string_wo_version = each.value.value_version
}
