# The secrets of a platform on GKE: the Cloud SQL application password and the JWT signing secret
# are generated during apply (never in state), the SMTP password is created empty for a person to
# fill. Only the External Secrets Operator's Kubernetes service account reads them (GKE workload
# identity federation, no key); the ids go to the facts and External Secrets brings the values
# into the cluster.

provider "google" {
  project = "acme-prod"
}

module "secrets" {
  source = "../.."

  project_id  = "acme-prod"
  environment = "production"
  location    = "europe-west1"

  secrets = {
    "cloudsql-app-password" = {
      description = "Password of the application's Cloud SQL user"
      generate    = true
    }
    "jwt-secret" = {
      description = "Signs the platform's JWTs"
      generate    = true
      length      = 64
    }
    "smtp-password" = {
      description = "SMTP relay password, set by hand"
    }
  }

  accessor_members = [
    "principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/acme-prod.svc.id.goog/subject/ns/external-secrets/sa/external-secrets",
  ]
}

output "secret_ids" {
  description = "Secret Manager ids, by secret (for the ExternalSecret hand-off)."
  value       = module.secrets.secret_ids
}

output "kms_key_id" {
  description = "The key encrypting the secrets."
  value       = module.secrets.kms_key_id
}
