# Two roles, two blast radii:
# - `infra`: the platform repository may change the account's foundations, only from `main` and
#   only through the protected `production` environment;
# - `deploy`: application repositories may deploy from `main` and release tags, and plan
#   (read-only) on pull requests.
# The OIDC provider is created once, by the first module, and passed to the second.

provider "aws" {
  region = "eu-west-1"
}

module "infra_role" {
  source = "../.."

  create_oidc_provider = true
  name                 = "github-infra"
  repositories         = ["acme/platform"]
  branches             = []
  environments         = ["production"]

  managed_policy_arns = {
    admin = "arn:aws:iam::aws:policy/AdministratorAccess"
  }
}

module "deploy_role" {
  source = "../.."

  oidc_provider_arn = module.infra_role.oidc_provider_arn
  name              = "github-deploy"
  repositories      = ["acme/web", "acme/api"]
  branches          = ["main"]
  git_tags          = ["v*"]

  managed_policy_arns = {
    power_user = "arn:aws:iam::aws:policy/PowerUserAccess"
  }
  permissions_boundary_arn = "arn:aws:iam::111122223333:policy/deploy-boundary"
}

module "plan_role" {
  source = "../.."

  oidc_provider_arn   = module.infra_role.oidc_provider_arn
  name                = "github-plan"
  repositories        = ["acme/web", "acme/api"]
  branches            = []
  allow_pull_requests = true

  managed_policy_arns = {
    read_only = "arn:aws:iam::aws:policy/ReadOnlyAccess"
  }
}

output "infra_role_arn" {
  description = "Role for acme/platform's production environment."
  value       = module.infra_role.role_arn
}

output "deploy_role_arn" {
  description = "Role for the application repositories' main branch and release tags."
  value       = module.deploy_role.role_arn
}

output "plan_role_arn" {
  description = "Read-only role for pull request plans."
  value       = module.plan_role.role_arn
}
