variable "create" {
  description = "Whether to create anything. Set to false to keep the module in a configuration without creating anything."
  type        = bool
  default     = true
}

variable "identity_type" {
  description = "What Grape signs in as: `user-assigned` (a user-assigned managed identity, needs only Azure RBAC rights to create) or `app-registration` (an Entra application and its service principal, needs Entra rights)."
  type        = string
  default     = "user-assigned"

  validation {
    condition     = contains(["user-assigned", "app-registration"], var.identity_type)
    error_message = "The identity type must be \"user-assigned\" or \"app-registration\"."
  }
}

variable "name" {
  description = "Name of the managed identity or the application's display name."
  type        = string
  default     = "grape-deploy"

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$", var.name))
    error_message = "The name must be 3-128 letters, digits, hyphens or underscores, e.g. \"grape-deploy\"."
  }
}

variable "resource_group_name" {
  description = "Resource group of the managed identity (user-assigned only)."
  type        = string
  default     = null
}

variable "location" {
  description = "Azure region of the managed identity (user-assigned only), e.g. \"westeurope\"."
  type        = string
  default     = null
}

variable "repository" {
  description = "The GitHub repository (`owner/repo`) whose workflows sign in: the runner repository for dispatcher deployments, or your own."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.repository))
    error_message = "The repository must be \"owner/repo\" without wildcards, e.g. \"acme/grape-runner\"."
  }
}

variable "branches" {
  description = "Branches whose jobs may sign in (one federated credential each: Entra matches the `sub` claim exactly)."
  type        = list(string)
  default     = ["main"]

  validation {
    condition     = alltrue([for b in var.branches : can(regex("^[^*?\\s]+$", b))])
    error_message = "Branch names cannot hold wildcards: Entra federated credentials match the subject exactly. List each branch, e.g. [\"main\"]."
  }
}

variable "environments" {
  description = "GitHub environments whose jobs may sign in (a job with `environment:` gets the `repo:<repo>:environment:<name>` subject)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for e in var.environments : can(regex("^[^*?\\s]+$", e))])
    error_message = "Environment names cannot hold wildcards, e.g. [\"production\"]."
  }
}

variable "issuer" {
  description = "The GitHub OIDC issuer (GitHub Enterprise Server: your server's issuer)."
  type        = string
  default     = "https://token.actions.githubusercontent.com"
}

variable "audience" {
  description = "The token audience the federated credentials accept: the action's `azure-audience`."
  type        = string
  default     = "api://AzureADTokenExchange"
}

variable "role_assignments" {
  description = "Azure RBAC roles for the identity: each a scope (subscription, resource group or resource id) and a built-in or custom role name."
  type = list(object({
    scope                = string
    role_definition_name = string
  }))
  default = []

  validation {
    condition     = alltrue([for a in var.role_assignments : startswith(a.scope, "/subscriptions/")])
    error_message = "Each scope must be a resource id starting with \"/subscriptions/\", e.g. \"/subscriptions/00000000-0000-0000-0000-000000000000\"."
  }
}
