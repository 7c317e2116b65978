# The federated credentials' subjects, kept free of resources on purpose: the tests evaluate this
# file with the real Terraform binary (no provider needed) and hand the subjects to the loopback
# Entra stand-in, which matches issuer, subject and audience exactly as Entra does
# (https://learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust#github-actions).

locals {
  subjects = distinct(concat(
    [for b in var.branches : "repo:${var.repository}:ref:refs/heads/${b}"],
    [for e in var.environments : "repo:${var.repository}:environment:${e}"],
  ))

  # Credential names: 3-120 characters of letters, digits, '-' and '_', unique per identity.
  credentials = { for s in local.subjects : substr(replace(replace(s, "/[^A-Za-z0-9_-]/", "-"), "/-+/", "-"), 0, 120) => s }
}
