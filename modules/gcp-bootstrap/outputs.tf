output "workload_identity_provider" {
  description = "The provider's resource name: the action's `gcp-workload-identity-provider` input."
  value       = try(google_iam_workload_identity_pool_provider.this[0].name, null)
}

output "service_account_email" {
  description = "The service account to impersonate: the action's `gcp-service-account` input."
  value       = try(google_service_account.this[0].email, null)
}

output "audience" {
  description = "The GitHub token audience the provider accepts by default (the action's default `gcp-audience`)."
  value       = try("https://iam.googleapis.com/${google_iam_workload_identity_pool_provider.this[0].name}", null)
}

output "attribute_condition" {
  description = "The CEL attribute condition the provider enforces."
  value       = local.attribute_condition
}

output "principal_set" {
  description = "The principal set of the repository's workflows, for granting roles directly (direct federation)."
  value       = try("principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.this[0].name}/${local.principal_set}", null)
}

output "action_inputs" {
  description = "The grape/deploy inputs for this project, to paste into a workflow or `grape project create`."
  value = {
    gcp-workload-identity-provider = try(google_iam_workload_identity_pool_provider.this[0].name, null)
    gcp-service-account            = try(google_service_account.this[0].email, null)
    gcp-project-id                 = var.project_id
  }
}
