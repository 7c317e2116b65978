# Secret Manager secrets for one environment, encrypted with a customer-managed Cloud KMS key
# (created with rotation, or given) and readable only by the principals named; generated or given
# values reach Secret Manager through write-only arguments, never the plan or the state.

data "google_project" "this" {
  count = var.create ? 1 : 0

  project_id = var.project_id
}

locals {
  project_number = try(data.google_project.this[0].number, "")
  kms_key_id     = var.create_kms_key ? try(google_kms_crypto_key.this[0].id, null) : var.kms_key_id
  written        = { for name, s in var.secrets : name => s if var.create && (s.generate || s.given) }
  generated      = { for name, s in local.written : name => s if s.generate }
}

################################################################################
# Cloud KMS key (or an existing one, given in kms_key_id)
################################################################################

resource "google_kms_key_ring" "this" {
  count = var.create && var.create_kms_key ? 1 : 0

  project  = var.project_id
  name     = coalesce(var.kms_key_ring_name, "${var.environment}-secrets")
  location = var.location
}

resource "google_kms_crypto_key" "this" {
  count = var.create && var.create_kms_key ? 1 : 0

  name            = "secrets"
  key_ring        = google_kms_key_ring.this[0].id
  purpose         = "ENCRYPT_DECRYPT"
  rotation_period = "${var.kms_key_rotation_period_in_days * 86400}s"
  labels          = var.labels
}

resource "google_kms_crypto_key_iam_member" "this" {
  count = var.create ? 1 : 0

  crypto_key_id = local.kms_key_id
  role          = local.key_binding.role
  member        = local.key_binding.member
}

################################################################################
# Secrets, who may read them, and (optionally) their values
################################################################################

resource "google_secret_manager_secret" "this" {
  for_each = { for name, s in var.secrets : name => s if var.create }

  project   = var.project_id
  secret_id = local.secret_names[each.key]
  labels    = merge(var.labels, { environment = var.environment })
  annotations = each.value.description == "" ? {} : {
    description = each.value.description
  }

  replication {
    user_managed {
      replicas {
        location = var.location
        customer_managed_encryption {
          kms_key_name = local.kms_key_id
        }
      }
    }
  }

  # Secret Manager refuses a CMEK secret until its service agent may use the key.
  depends_on = [google_kms_crypto_key_iam_member.this]

  lifecycle {
    postcondition {
      condition     = self.id == local.secret_ids[each.key]
      error_message = "The secret's id is not the reference handed to External Secrets (${local.secret_ids[each.key]})."
    }
  }
}

resource "google_secret_manager_secret_iam_binding" "this" {
  for_each = { for name, b in local.secret_bindings : name => b if var.create }

  project   = var.project_id
  secret_id = google_secret_manager_secret.this[each.key].secret_id
  role      = each.value.role
  members   = each.value.members
}

# Ephemeral: generated during plan/apply, never stored in the plan or the state.
ephemeral "random_password" "this" {
  for_each = local.generated

  length  = each.value.length
  special = !each.value.exclude_punctuation
}

locals {
  # Ephemeral too (it holds ephemeral values): usable only in write-only arguments.
  values = merge(var.secret_values, { for name, p in ephemeral.random_password.this : name => p.result })
}

resource "google_secret_manager_secret_version" "this" {
  for_each = local.written

  secret = google_secret_manager_secret.this[each.key].id
  # Write-only (Terraform >= 1.11): sent to Secret Manager, never persisted; a new value_version
  # adds a new version.
  secret_data_wo         = local.values[each.key]
  secret_data_wo_version = each.value.value_version
}
