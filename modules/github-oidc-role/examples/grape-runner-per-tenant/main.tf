# Grape's runner roles, one per tenant (docs/security.md, "Trust tenant code cannot widen"): each
# may be assumed only by a job of the runner repository running in that tenant's GitHub
# environment (`sub = repo:grape/runner:environment:grape-<tenant id>`), and carries the tag
# grape:tenant=<tenant id> that a customer role made with grape-bootstrap's `tenant_id` requires.
# A token minted inside one tenant's job therefore reaches only that tenant's customer roles.

provider "aws" {
  region = "eu-west-1"
}

variable "tenant_ids" {
  description = "Grape tenant ids (ten_…), one runner role each."
  type        = set(string)
  default     = ["ten_01HZX3", "ten_01HZX4"]
}

module "runner_role" {
  source   = "../.."
  for_each = var.tenant_ids

  create_oidc_provider = false
  name                 = "grape-runner-${each.key}"
  repositories         = ["grape/runner"]
  branches             = []
  environments         = ["grape-${each.key}"]
  tags                 = { "grape:tenant" = each.key }

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

output "runner_role_arns" {
  description = "Each tenant's runner role: the spec's aws.runnerRoleArn for that tenant's deployments."
  value       = { for id, role in module.runner_role : id => role.role_arn }
}
