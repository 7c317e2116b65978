# A state backend for one account. Apply it once with local state, then point the other
# configurations at it with the `backend_config` output (plus a `key` each).

provider "aws" {
  region = "eu-west-1"
}

module "state_backend" {
  source = "../.."

  bucket_name = "acme-terraform-state-111122223333"

  tags = {
    "managed-by" = "grape"
  }
}

output "backend_config" {
  description = "Backend settings for the other configurations."
  value       = module.state_backend.backend_config
}
