variable "create" {
  description = "Whether to create anything. Set to false to keep the module in a configuration without creating anything."
  type        = bool
  default     = true
}

variable "create_oidc_provider" {
  description = "Create the IAM OIDC provider for token.actions.githubusercontent.com. An account has at most one: leave false where it exists (it is then taken from oidc_provider_arn or looked up)."
  type        = bool
  default     = false
}

variable "oidc_provider_arn" {
  description = "ARN of the existing GitHub OIDC provider; null looks it up by URL (ignored when create_oidc_provider is true)."
  type        = string
  default     = null

  validation {
    condition     = var.oidc_provider_arn == null || can(regex("^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:oidc-provider/token\\.actions\\.githubusercontent\\.com$", var.oidc_provider_arn))
    error_message = "The OIDC provider ARN must look like \"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com\"."
  }
}

variable "oidc_thumbprints" {
  description = "Certificate thumbprints for the OIDC provider. Empty lets AWS verify GitHub's certificate through its trusted CA library."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for t in var.oidc_thumbprints : can(regex("^[0-9a-fA-F]{40}$", t))])
    error_message = "Each thumbprint must be 40 hexadecimal characters (a SHA-1 fingerprint)."
  }
}

variable "audience" {
  description = "The token audience the role requires (the `aud` claim): the action's `audience` input."
  type        = string
  default     = "sts.amazonaws.com"

  validation {
    condition     = length(var.audience) > 0 && !strcontains(var.audience, "*")
    error_message = "The audience must be a literal value without wildcards, e.g. \"sts.amazonaws.com\"."
  }
}

variable "name" {
  description = "Name of the role."
  type        = string

  validation {
    condition     = can(regex("^[\\w+=,.@-]{1,64}$", var.name))
    error_message = "The role name must be 1-64 characters of letters, digits and + = , . @ _ -, e.g. \"grape-runner\"."
  }
}

variable "path" {
  description = "IAM path of the role."
  type        = string
  default     = "/"

  validation {
    condition     = can(regex("^/([\\w+=,.@-]+/)*$", var.path)) && length(var.path) <= 512
    error_message = "The path must start and end with \"/\" (at most 512 characters), e.g. \"/grape/\"."
  }
}

variable "description" {
  description = "Description of the role."
  type        = string
  default     = "Assumed by GitHub Actions workflows through OIDC."
}

variable "repositories" {
  description = "Repositories (\"owner/name\", no wildcards) whose workflows may assume the role, combined with branches, git_tags, environments and allow_pull_requests."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for r in var.repositories : can(regex("^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$", r))])
    error_message = "Each repository must be \"owner/name\" without wildcards, e.g. \"acme/infrastructure\"."
  }

  # A role that trusts no subject at all is a mistake that would only show when a workflow is refused.
  validation {
    condition = (
      length(var.repositories) * (length(var.branches) + length(var.git_tags) + length(var.environments) + (var.allow_pull_requests ? 1 : 0))
      + length(var.extra_subjects)
    ) > 0
    error_message = "No subject would be trusted: give repositories with at least one of branches, git_tags, environments or allow_pull_requests, or extra_subjects."
  }
}

variable "branches" {
  description = "Branches (glob patterns allowed, e.g. \"release/*\") allowed for every repository: sub = repo:<repo>:ref:refs/heads/<branch>."
  type        = list(string)
  default     = ["main"]

  validation {
    condition     = alltrue([for b in var.branches : length(b) > 0 && !startswith(b, "refs/")])
    error_message = "Give branch names without the refs/heads/ prefix, e.g. \"main\"."
  }
}

variable "git_tags" {
  description = "Git tags (glob patterns allowed, e.g. \"v*\") allowed for every repository: sub = repo:<repo>:ref:refs/tags/<tag>."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for t in var.git_tags : length(t) > 0 && !startswith(t, "refs/")])
    error_message = "Give tag names without the refs/tags/ prefix, e.g. \"v*\"."
  }
}

variable "environments" {
  description = "GitHub environments allowed for every repository: sub = repo:<repo>:environment:<name>. Protect them with required reviewers."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for e in var.environments : length(e) > 0 && !strcontains(e, ":")])
    error_message = "Each environment must be a non-empty name without \":\", e.g. \"production\"."
  }
}

variable "allow_pull_requests" {
  description = "Trust pull_request workflows of the repositories (sub = repo:<repo>:pull_request). Only for read-only plan roles."
  type        = bool
  default     = false
}

variable "extra_subjects" {
  description = "Further `sub` patterns, each scoped to one literal repository, e.g. \"repo:acme/infra:ref:refs/heads/hotfix/*\"."
  type        = list(string)
  default     = []

  # Refuses "*", "repo:*", "repo:acme/*" and anything else that is not pinned to one repository.
  validation {
    condition     = alltrue([for s in var.extra_subjects : can(regex("^repo:[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+:[^*?].*$", s))])
    error_message = "Each extra subject must name one literal repository and a claim, e.g. \"repo:acme/infra:environment:production\"; wildcard-only subjects such as \"*\" or \"repo:*\" are refused."
  }
}

variable "max_session_duration" {
  description = "Maximum session duration in seconds (3600-43200)."
  type        = number
  default     = 3600

  validation {
    condition     = var.max_session_duration >= 3600 && var.max_session_duration <= 43200 && floor(var.max_session_duration) == var.max_session_duration
    error_message = "The maximum session duration must be a whole number of seconds from 3600 to 43200, e.g. 3600."
  }
}

variable "permissions_boundary_arn" {
  description = "ARN of a managed policy to set as the role's permissions boundary, or null for none."
  type        = string
  default     = null

  validation {
    condition     = var.permissions_boundary_arn == null || can(regex("^arn:aws(-cn|-us-gov)?:iam::([0-9]{12}|aws):policy/[\\w+=,.@/-]+$", var.permissions_boundary_arn))
    error_message = "The permissions boundary must be a managed policy ARN, e.g. \"arn:aws:iam::111122223333:policy/ci-boundary\"."
  }
}

variable "managed_policy_arns" {
  description = "Managed policies to attach, keyed by a static name (keys must be known at plan time)."
  type        = map(string)
  default     = {}

  validation {
    condition = alltrue([
      for arn in values(var.managed_policy_arns) :
      can(regex("^arn:aws(-cn|-us-gov)?:iam::([0-9]{12}|aws):policy/[\\w+=,.@/-]+$", arn))
    ])
    error_message = "Each managed policy must be a policy ARN, e.g. \"arn:aws:iam::aws:policy/ReadOnlyAccess\"."
  }
}

variable "inline_policies" {
  description = "Inline policies, by name, as JSON documents (e.g. from jsonencode or data.aws_iam_policy_document)."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for doc in values(var.inline_policies) : can(jsondecode(doc))])
    error_message = "Each inline policy must be a JSON policy document."
  }
}

variable "tags" {
  description = "Tags to add to the resources."
  type        = map(string)
  default     = {}
}
