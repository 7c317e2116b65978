# A root module that creates no cloud resources: built-in `terraform_data` only, so it runs
# anywhere a Terraform binary is available. Used by `npm run demo` and the end-to-end tests.

terraform {
  required_version = ">= 1.5.0"
}

variable "environment" {
  type        = string
  description = "Environment name, e.g. staging."
  default     = "staging"
}

variable "replicas" {
  type        = number
  description = "How many app replicas the GitOps side should run."
  default     = 2

  validation {
    condition     = var.replicas >= 1 && var.replicas <= 20
    error_message = "replicas must be between 1 and 20."
  }
}

resource "terraform_data" "network" {
  input = {
    cidr = "10.42.0.0/16"
    name = "grape-${var.environment}"
  }
}

resource "terraform_data" "database" {
  input = {
    engine = "postgres"
    host   = "db.${var.environment}.internal"
  }
  depends_on = [terraform_data.network]
}

output "vpc_cidr" {
  description = "CIDR block of the (simulated) VPC."
  value       = terraform_data.network.output.cidr
}

output "db_endpoint" {
  description = "Endpoint of the (simulated) database."
  value       = "${terraform_data.database.output.host}:5432"
}

output "replicas" {
  description = "Replica count for the application chart."
  value       = var.replicas
}

output "db_password" {
  description = "A sensitive output: Grape redacts it from the facts document."
  value       = "demo-${terraform_data.database.id}"
  sensitive   = true
}
