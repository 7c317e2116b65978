terraform {
  # Write-only arguments (secret_data_wo) need Terraform 1.11.
  required_version = ">= 1.11.1"

  required_providers {
    google = {
      source = "hashicorp/google"
      # google_secret_manager_secret_version.secret_data_wo (GoogleCloudPlatform/magic-modules#12800).
      version = ">= 6.30, < 8.0"
    }
    random = {
      source = "hashicorp/random"
      # ephemeral "random_password".
      version = ">= 3.7, < 4.0"
    }
  }
}
