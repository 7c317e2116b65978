output "role_arn" {
  description = "ARN of the role: the project's role ARN in Grape."
  value       = try(aws_iam_role.this[0].arn, null)
}

output "role_name" {
  description = "Name of the role."
  value       = try(aws_iam_role.this[0].name, null)
}

output "role_unique_id" {
  description = "Stable unique id of the role (AROA…), as CloudTrail records it."
  value       = try(aws_iam_role.this[0].unique_id, null)
}

output "external_id" {
  description = "The ExternalId the role requires (not a secret: it guards against confused deputies)."
  value       = var.external_id
}

output "trust_policy" {
  description = "The role's trust policy as JSON."
  value       = jsonencode(local.trust_policy)
}
