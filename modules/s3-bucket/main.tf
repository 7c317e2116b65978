module "s3_bucket" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "5.15.4"

  create_bucket = var.create
  bucket        = var.bucket_name
  force_destroy = var.force_destroy

  # Private, owner-enforced, TLS 1.2+ only.
  block_public_acls                     = true
  block_public_policy                   = true
  ignore_public_acls                    = true
  restrict_public_buckets               = true
  control_object_ownership              = true
  object_ownership                      = "BucketOwnerEnforced"
  attach_deny_insecure_transport_policy = true
  attach_require_latest_tls_policy      = true

  versioning = {
    enabled = var.versioning
  }

  server_side_encryption_configuration = {
    rule = {
      bucket_key_enabled = true
      apply_server_side_encryption_by_default = {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = var.kms_key_arn
      }
    }
  }

  lifecycle_rule = var.noncurrent_version_expiration_days == null ? [] : [
    {
      id      = "expire-noncurrent-versions"
      enabled = true
      filter  = {}
      noncurrent_version_expiration = {
        noncurrent_days = var.noncurrent_version_expiration_days
      }
      abort_incomplete_multipart_upload_days = 7
    },
  ]

  tags = var.tags
}
