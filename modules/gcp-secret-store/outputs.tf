output "secret_ids" {
  description = "Id of each secret, \"projects/<project>/secrets/<environment>-<name>\", by the name given in `secrets`: the references to list in `facts-external-secrets` (ESO's gcpsm provider), never the values."
  value       = { for name, s in google_secret_manager_secret.this : name => local.secret_ids[name] }
}

output "secret_names" {
  description = "Secret Manager secret id of each secret (\"<environment>-<name>\"), by the name given in `secrets`: the `remoteRef.key` within the store's project."
  value       = { for name, s in google_secret_manager_secret.this : name => s.secret_id }
}

output "secret_resource_names" {
  description = "Resource name of each secret as the API returns it (\"projects/<project number>/secrets/<id>\"), by the name given in `secrets`."
  value       = { for name, s in google_secret_manager_secret.this : name => s.name }
}

output "kms_key_id" {
  description = "Id of the Cloud KMS key encrypting the secrets (created or given)."
  value       = var.create ? local.kms_key_id : null
}

output "secret_manager_service_agent" {
  description = "Secret Manager's service agent, the one principal granted the key (roles/cloudkms.cryptoKeyEncrypterDecrypter)."
  value       = var.create ? local.secret_manager_agent : null
}
