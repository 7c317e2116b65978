# Onboard one AWS account to Grape: the values come from the project's bootstrap page
# (GET /v1/projects/:id/bootstrap).

provider "aws" {
  region = "eu-west-1"
}

module "grape_bootstrap" {
  source = "../.."

  trusted_principal_arns = ["arn:aws:iam::111122223333:role/grape-runner"]
  external_id            = "grape-3f9c2a7e5b1d4e08a6c1"

  # What Grape may do here. Narrow it to what your modules manage.
  managed_policy_arns = {
    power_user = "arn:aws:iam::aws:policy/PowerUserAccess"
  }
  permissions_boundary_arn = null

  tags = {
    "managed-by" = "grape"
  }
}

output "role_arn" {
  description = "Paste this into the Grape project (role ARN)."
  value       = module.grape_bootstrap.role_arn
}
