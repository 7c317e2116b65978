# Names, references and IAM bindings, kept free of resources and data sources on purpose: the tests
# evaluate this file with the real Terraform binary (no provider needed), check the bindings against
# who must and must not reach the values, and hand the references to the facts' ExternalSecret
# rendering. local.project_number is resolved in main.tf.

locals {
  # Secret Manager ids hold no "/": "<environment>-<name>".
  secret_names = { for name in keys(var.secrets) : name => "${var.environment}-${name}" }

  # google_secret_manager_secret.id is "projects/{{project}}/secrets/{{secret_id}}" (main.tf checks
  # it with a postcondition); ESO's gcpsm provider reads the secret id within the store's project,
  # which Grape's ExternalSecret hand-off takes from this form.
  secret_ids = { for name, id in local.secret_names : name => "projects/${var.project_id}/secrets/${id}" }

  # One authoritative binding per secret: exactly the named accessors hold secretAccessor on it.
  secret_bindings = {
    for name in keys(var.secrets) : name => {
      role    = "roles/secretmanager.secretAccessor"
      members = sort(distinct(var.accessor_members))
    }
  }

  # Secret Manager encrypts and decrypts with the key as its service agent, never as the caller:
  # the accessors need no right on the key, and the agent is the only principal this module
  # grants it to (https://cloud.google.com/secret-manager/docs/cmek).
  secret_manager_agent = "serviceAccount:service-${local.project_number}@gcp-sa-secretmanager.iam.gserviceaccount.com"
  key_binding = {
    role   = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
    member = local.secret_manager_agent
  }
}
