# Google Cloud side of Grape's zero-key deployments: a workload identity pool and an OIDC provider
# trusting GitHub's token issuer for one repository's listed workflows, a service account the
# pool may impersonate (roles/iam.workloadIdentityUser on the repository's principal set), and
# the project roles terraform needs.

resource "google_iam_workload_identity_pool" "this" {
  count = var.create ? 1 : 0

  project                   = var.project_id
  workload_identity_pool_id = var.pool_id
  display_name              = "GitHub Actions"
  description               = "GitHub Actions workflows of ${var.repository} (Grape)."
}

resource "google_iam_workload_identity_pool_provider" "this" {
  count = var.create ? 1 : 0

  project                            = var.project_id
  workload_identity_pool_id          = google_iam_workload_identity_pool.this[0].workload_identity_pool_id
  workload_identity_pool_provider_id = var.provider_id
  display_name                       = "GitHub (${var.provider_id})"
  attribute_mapping                  = local.attribute_mapping
  attribute_condition                = local.attribute_condition

  oidc {
    issuer_uri        = var.issuer_uri
    allowed_audiences = var.allowed_audiences
  }
}

resource "google_service_account" "this" {
  count = var.create && var.service_account_id != null ? 1 : 0

  project      = var.project_id
  account_id   = var.service_account_id
  display_name = "Grape deployments from ${var.repository}"
}

resource "google_service_account_iam_member" "this" {
  count = var.create && var.service_account_id != null ? 1 : 0

  service_account_id = google_service_account.this[0].name
  role               = "roles/iam.workloadIdentityUser"
  member             = "principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.this[0].name}/${local.principal_set}"
}

resource "google_project_iam_member" "this" {
  for_each = toset(var.create && var.service_account_id != null ? var.project_roles : [])

  project = var.project_id
  role    = each.value
  member  = "serviceAccount:${google_service_account.this[0].email}"
}
