# Secrets encrypted with a key managed elsewhere (e.g. a security project's key ring), one value
# given by the workflow (TF_VAR_secret_values, ephemeral: in neither plan nor state). The module
# grants Secret Manager's service agent the use of that key.

provider "google" {
  project = "acme-staging"
}

variable "secret_values" {
  description = "Values of the given secrets, from the workflow's secrets."
  type        = map(string)
  sensitive   = true
  ephemeral   = true
}

module "secrets" {
  source = "../.."

  project_id     = "acme-staging"
  environment    = "staging"
  location       = "europe-west1"
  create_kms_key = false
  kms_key_id     = "projects/acme-security/locations/europe-west1/keyRings/secrets/cryptoKeys/staging"

  secrets = {
    "payment-api-key" = { given = true }
  }
  secret_values = var.secret_values

  accessor_members = ["serviceAccount:external-secrets@acme-staging.iam.gserviceaccount.com"]
}

output "secret_ids" {
  description = "Secret Manager ids, by secret."
  value       = module.secrets.secret_ids
}
