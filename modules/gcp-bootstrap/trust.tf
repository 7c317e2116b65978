# The pool provider's trust, kept free of resources on purpose: the tests evaluate this file with
# the real Terraform binary (no provider needed) and run the condition it builds through a CEL
# evaluator, and the loopback Google stand-in enforces the same text.
# Attribute mapping and condition: https://cloud.google.com/iam/docs/workload-identity-federation-with-deployment-pipelines#github-actions

locals {
  attribute_mapping = {
    "google.subject"             = "assertion.sub"
    "attribute.repository"       = "assertion.repository"
    "attribute.job_workflow_ref" = "assertion.job_workflow_ref"
  }

  # job_workflow_ref is `owner/repo/.github/workflows/file.yml@ref`: pinning it to the listed
  # files keeps another workflow of the same repository (or a fork's) out.
  workflow_checks = [for w in var.workflows : "assertion.job_workflow_ref.startsWith('${var.repository}/${w}@')"]
  ref_check       = length(var.refs) == 0 ? "" : " && assertion.ref in [${join(", ", [for r in var.refs : "'${r}'"])}]"

  attribute_condition = "assertion.repository == '${var.repository}' && (${join(" || ", local.workflow_checks)})${local.ref_check}"

  # Who may impersonate the service account: every identity of the pool from this repository
  # (the condition above already narrowed them to the listed workflows).
  principal_set = "attribute.repository/${var.repository}"
}
