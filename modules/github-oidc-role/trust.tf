# The trust policy, kept free of resources and data sources on purpose: the tests evaluate this
# file with the real Terraform binary (no provider needed) and simulate the policy it builds.
# local.oidc_provider_arn is resolved in main.tf (created, given, or looked up).

locals {
  oidc_host = "token.actions.githubusercontent.com"

  # GitHub's default `sub` claim forms. A job that names an environment gets the environment
  # form, not the ref form: list the environment for jobs that deploy through one.
  subjects = distinct(concat(
    flatten([for repo in var.repositories : [for branch in var.branches : "repo:${repo}:ref:refs/heads/${branch}"]]),
    flatten([for repo in var.repositories : [for tag in var.git_tags : "repo:${repo}:ref:refs/tags/${tag}"]]),
    flatten([for repo in var.repositories : [for env in var.environments : "repo:${repo}:environment:${env}"]]),
    var.allow_pull_requests ? [for repo in var.repositories : "repo:${repo}:pull_request"] : [],
    var.extra_subjects,
  ))

  trust_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "GitHubActionsOidc"
        Effect    = "Allow"
        Principal = { Federated = local.oidc_provider_arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = { "${local.oidc_host}:aud" = var.audience }
          StringLike   = { "${local.oidc_host}:sub" = local.subjects }
        }
      },
    ]
  }
}
