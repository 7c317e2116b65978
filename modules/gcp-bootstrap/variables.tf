variable "create" {
  description = "Whether to create anything. Set to false to keep the module in a configuration without creating anything."
  type        = bool
  default     = true
}

variable "project_id" {
  description = "Project that holds the pool and the service account (its id, e.g. \"acme-prod\")."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "The project id must be 6-30 lower-case letters, digits or hyphens starting with a letter, e.g. \"acme-prod\" (not the project number)."
  }
}

variable "pool_id" {
  description = "Workload identity pool id (4-32 lower-case letters, digits or hyphens)."
  type        = string
  default     = "github"

  validation {
    condition     = can(regex("^[a-z0-9-]{4,32}$", var.pool_id)) && !startswith(var.pool_id, "gcp-")
    error_message = "The pool id must be 4-32 lower-case letters, digits or hyphens and must not start with \"gcp-\", e.g. \"github\"."
  }
}

variable "provider_id" {
  description = "Workload identity pool provider id (4-32 lower-case letters, digits or hyphens)."
  type        = string
  default     = "grape"

  validation {
    condition     = can(regex("^[a-z0-9-]{4,32}$", var.provider_id)) && !startswith(var.provider_id, "gcp-")
    error_message = "The provider id must be 4-32 lower-case letters, digits or hyphens and must not start with \"gcp-\", e.g. \"grape\"."
  }
}

variable "repository" {
  description = "The GitHub repository (`owner/repo`) whose workflows may use the pool: the runner repository for dispatcher deployments, or your own."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.repository))
    error_message = "The repository must be \"owner/repo\" without wildcards, e.g. \"acme/grape-runner\"."
  }
}

variable "workflows" {
  description = "Workflow files (paths in the repository) whose jobs may use the pool: the attribute condition requires the token's `job_workflow_ref` to be one of them."
  type        = list(string)
  default     = [".github/workflows/grape-runner.yml"]

  validation {
    condition     = length(var.workflows) > 0 && alltrue([for w in var.workflows : can(regex("^\\.github/workflows/[A-Za-z0-9_.-]+\\.ya?ml$", w))])
    error_message = "List at least one workflow path such as \".github/workflows/grape-runner.yml\"."
  }
}

variable "refs" {
  description = "Git refs (e.g. `refs/heads/main`) the workflow must run on; empty allows any ref of the repository's listed workflows."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for r in var.refs : can(regex("^refs/(heads|tags)/[^'\\\\*]+$", r))])
    error_message = "Each ref must be a full ref without wildcards or quotes, e.g. \"refs/heads/main\"."
  }
}

variable "issuer_uri" {
  description = "The GitHub OIDC issuer (GitHub Enterprise Server: your server's issuer)."
  type        = string
  default     = "https://token.actions.githubusercontent.com"

  validation {
    condition     = startswith(var.issuer_uri, "https://")
    error_message = "The issuer must be an https URL, e.g. \"https://token.actions.githubusercontent.com\"."
  }
}

variable "allowed_audiences" {
  description = "Audiences the provider accepts; empty accepts only its canonical audience (https://iam.googleapis.com/ + the provider's name), the action's default `gcp-audience`."
  type        = list(string)
  default     = []
}

variable "service_account_id" {
  description = "Account id of the service account Grape impersonates (6-30 characters); null for direct federation (grant roles to the principal set instead)."
  type        = string
  default     = "grape-deploy"

  validation {
    condition     = var.service_account_id == null || can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.service_account_id))
    error_message = "The service account id must be 6-30 lower-case letters, digits or hyphens starting with a letter, e.g. \"grape-deploy\"."
  }
}

variable "project_roles" {
  description = "Project roles granted to the service account (what terraform may do), e.g. [\"roles/editor\"]."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for r in var.project_roles : can(regex("^(roles|projects/[^/]+/roles|organizations/[0-9]+/roles)/[A-Za-z0-9_.]+$", r))])
    error_message = "Each role must be a role name such as \"roles/storage.admin\"."
  }
}
