output "db_endpoint" {
  description = "Connection endpoint, host:port."
  value       = module.db.db_instance_endpoint
}

output "db_address" {
  description = "Host name of the instance."
  value       = module.db.db_instance_address
}

output "db_port" {
  description = "Port of the instance."
  value       = module.db.db_instance_port
}

output "db_name" {
  description = "Name of the database."
  value       = module.db.db_instance_name
}

output "db_username" {
  description = "Master user name."
  value       = module.db.db_instance_username
  sensitive   = true
}

output "db_master_user_secret_arn" {
  description = "ARN of the Secrets Manager secret holding the master password (read it with External Secrets, never through the facts)."
  value       = module.db.db_instance_master_user_secret_arn
}

output "db_instance_identifier" {
  description = "Identifier of the instance."
  value       = module.db.db_instance_identifier
}

output "db_security_group_id" {
  description = "ID of the database security group."
  value       = try(aws_security_group.this[0].id, null)
}

output "db_kms_key_arn" {
  description = "ARN of the KMS key encrypting the database and its secret."
  value       = try(aws_kms_key.this[0].arn, null)
}
