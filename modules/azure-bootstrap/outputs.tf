output "client_id" {
  description = "The identity's client id: the action's `azure-client-id` input."
  value       = local.client_id
}

output "tenant_id" {
  description = "The directory (tenant) id: the action's `azure-tenant-id` input."
  value       = data.azuread_client_config.this.tenant_id
}

output "principal_id" {
  description = "Object id of the managed identity's or application's service principal (for further role assignments)."
  value       = local.principal_id
}

output "subjects" {
  description = "The `sub` claims the federated credentials accept."
  value       = local.subjects
}

output "action_inputs" {
  description = "The grape/deploy inputs for this project except `azure-subscription-id`, to paste into a workflow or `grape project create`."
  value = {
    azure-client-id = local.client_id
    azure-tenant-id = data.azuread_client_config.this.tenant_id
  }
}
