# Grape's own runner role, in the account that owns the controlled runner repository: only the
# runner repository's default branch may assume it, and it may only hop (AssumeRole with tags
# and SourceIdentity) into customer roles under the /grape/ path made by grape-bootstrap.

provider "aws" {
  region = "eu-west-1"
}

module "runner_role" {
  source = "../.."

  create_oidc_provider = true
  name                 = "grape-runner"
  repositories         = ["grape/runner"]
  branches             = ["main"]

  inline_policies = {
    assume-customer-roles = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Sid      = "AssumeGrapeBootstrapRoles"
        Effect   = "Allow"
        Action   = ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]
        Resource = "arn:aws:iam::*:role/grape/*"
      }]
    })
  }
}

output "runner_role_arn" {
  description = "The trusted principal ARN customers put in their bootstrap role."
  value       = module.runner_role.role_arn
}
