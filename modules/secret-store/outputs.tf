output "secret_arns" {
  description = "ARN of each secret, by the name given in `secrets` (hand these to External Secrets; never the values)."
  value       = { for name, s in aws_secretsmanager_secret.this : name => s.arn }
}

output "secret_names" {
  description = "Full Secrets Manager name of each secret (\"<environment>/<name>\"), by the name given in `secrets`."
  value       = { for name, s in aws_secretsmanager_secret.this : name => s.name }
}

output "kms_key_arn" {
  description = "ARN of the KMS key encrypting the secrets (created or given)."
  value       = var.create ? local.kms_key_arn : null
}

output "kms_key_alias" {
  description = "Alias of the created KMS key, or null when an existing key is used."
  value       = try(aws_kms_alias.this[0].name, null)
}

output "key_policy" {
  description = "The key policy (JSON) this module sets on a key it creates; apply the same statements to an existing key."
  value       = var.create ? jsonencode(local.key_policy) : null
}
