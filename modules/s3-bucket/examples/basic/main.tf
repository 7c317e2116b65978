provider "aws" {
  region = "eu-west-1"
}

module "uploads" {
  source = "../.."

  bucket_name = "acme-staging-uploads"
}

output "bucket_name" {
  description = "Name of the bucket."
  value       = module.uploads.bucket_name
}
