# A customer subscription onboarded for dispatcher deployments with a user-assigned managed
# identity: Grape's runner repository signs in from main, as Contributor on one resource group.

provider "azurerm" {
  features {}
  subscription_id = "00000000-0000-0000-0000-000000000000"
}

provider "azuread" {}

module "grape" {
  source = "../.."

  name                = "grape-deploy"
  resource_group_name = "grape"
  location            = "westeurope"
  repository          = "grape/runner"
  branches            = ["main"]

  role_assignments = [{
    scope                = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/app"
    role_definition_name = "Contributor"
  }]
}

output "action_inputs" {
  description = "What to give grape/deploy (or `grape project create --cloud azure`)."
  value       = module.grape.action_inputs
}
