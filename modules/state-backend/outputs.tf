output "bucket_name" {
  description = "Name of the state bucket."
  value       = try(aws_s3_bucket.this[0].id, null)
}

output "bucket_arn" {
  description = "ARN of the state bucket."
  value       = try(aws_s3_bucket.this[0].arn, null)
}

output "kms_key_arn" {
  description = "ARN of the KMS key encrypting the state."
  value       = try(aws_kms_key.this[0].arn, null)
}

output "dynamodb_table_name" {
  description = "Name of the DynamoDB lock table, or null when locking uses the S3 lock file."
  value       = try(aws_dynamodb_table.this[0].name, null)
}

output "backend_config" {
  description = "Settings for the S3 backend (`-backend-config` / the action's backend-config input); add a `key` per state."
  value = var.create ? merge(
    {
      bucket       = aws_s3_bucket.this[0].id
      region       = local.region
      encrypt      = true
      kms_key_id   = aws_kms_key.this[0].arn
      use_lockfile = true
    },
    var.create_dynamodb_table ? { dynamodb_table = aws_dynamodb_table.this[0].name } : {},
  ) : null
}
