# A customer project onboarded for dispatcher deployments: Grape's runner repository may
# impersonate a service account with editor rights, from its grape-runner workflow on main only.

provider "google" {
  project = "acme-prod"
}

module "grape" {
  source = "../.."

  project_id    = "acme-prod"
  repository    = "grape/runner"
  workflows     = [".github/workflows/grape-runner.yml"]
  refs          = ["refs/heads/main"]
  project_roles = ["roles/editor"]
}

output "action_inputs" {
  description = "What to give grape/deploy (or `grape project create --cloud gcp`)."
  value       = module.grape.action_inputs
}
