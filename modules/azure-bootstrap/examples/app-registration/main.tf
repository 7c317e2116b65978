# An app registration instead of a managed identity, for a team deploying from its own
# repository's production environment, as Contributor on the subscription.

provider "azurerm" {
  features {}
  subscription_id = "00000000-0000-0000-0000-000000000000"
}

provider "azuread" {}

module "grape" {
  source = "../.."

  identity_type = "app-registration"
  name          = "acme-infra-deploy"
  repository    = "acme/infra"
  branches      = []
  environments  = ["production"]

  role_assignments = [{
    scope                = "/subscriptions/00000000-0000-0000-0000-000000000000"
    role_definition_name = "Contributor"
  }]
}

output "client_id" {
  description = "The action's `azure-client-id`."
  value       = module.grape.client_id
}
