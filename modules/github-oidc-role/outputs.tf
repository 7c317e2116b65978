output "role_arn" {
  description = "ARN of the role (the action's `role-arn` input)."
  value       = try(aws_iam_role.this[0].arn, null)
}

output "role_name" {
  description = "Name of the role."
  value       = try(aws_iam_role.this[0].name, null)
}

output "oidc_provider_arn" {
  description = "ARN of the GitHub OIDC provider the role trusts."
  value       = local.oidc_provider_arn
}

output "subjects" {
  description = "The `sub` patterns the role trusts."
  value       = local.subjects
}

output "trust_policy" {
  description = "The role's trust policy as JSON."
  value       = jsonencode(local.trust_policy)
}
