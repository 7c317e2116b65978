variable "create" {
  description = "Whether to create the cluster."
  type        = bool
  default     = true
}

variable "name" {
  description = "Name of the cluster."
  type        = string

  validation {
    condition     = can(regex("^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$", var.name))
    error_message = "The cluster name must be 1-100 letters, digits, _ and -, starting with a letter or digit, e.g. \"acme-prod\"."
  }
}

variable "kubernetes_version" {
  description = "Kubernetes <major>.<minor> version, e.g. \"1.33\"."
  type        = string

  validation {
    condition     = can(regex("^1\\.[0-9]{2}$", var.kubernetes_version))
    error_message = "The version must be <major>.<minor>, e.g. \"1.33\"."
  }
}

variable "vpc_id" {
  description = "ID of the VPC (the network module's vpc_id)."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "The VPC id must look like \"vpc-0abc1234def567890\"."
  }
}

variable "private_subnet_ids" {
  description = "Private subnets for the control plane interfaces, nodes and Fargate pods (the network module's private_subnet_ids), in at least two AZs."
  type        = list(string)

  validation {
    condition     = length(var.private_subnet_ids) >= 2 && alltrue([for s in var.private_subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", s))])
    error_message = "Give at least two subnet ids (EKS needs two AZs), e.g. [\"subnet-0abc1234def567890\", \"subnet-0def1234abc567890\"]."
  }
}

variable "endpoint_public_access" {
  description = "Expose the API server endpoint publicly (restricted to endpoint_public_access_cidrs). Off by default: reach it from inside the VPC."
  type        = bool
  default     = false
}

variable "endpoint_public_access_cidrs" {
  description = "IPv4 ranges allowed to reach the public API endpoint when it is enabled."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.endpoint_public_access_cidrs : can(cidrhost(c, 0)) && c != "0.0.0.0/0"])
    error_message = "Each range must be an IPv4 CIDR narrower than the whole internet, e.g. \"203.0.113.0/24\"."
  }
}

variable "admin_principal_arns" {
  description = "IAM roles or users given cluster-admin through EKS access entries (e.g. the Grape deploy role, an SSO admin role)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.admin_principal_arns : can(regex("^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:(role|user)/[\\w+=,.@/-]+$", arn))])
    error_message = "Each admin must be an IAM role or user ARN, e.g. \"arn:aws:iam::111122223333:role/platform-admin\"."
  }
}

variable "enable_cluster_creator_admin_permissions" {
  description = "Give the identity running Terraform cluster-admin through an access entry."
  type        = bool
  default     = false
}

variable "fargate_namespaces" {
  description = "Namespaces whose pods run on Fargate (one profile). Include kube-system to run CoreDNS there; empty creates no profile."
  type        = list(string)
  default     = ["kube-system", "default"]

  validation {
    condition     = alltrue([for ns in var.fargate_namespaces : can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", ns))])
    error_message = "Each namespace must be a DNS label, e.g. \"kube-system\"."
  }
}

variable "log_retention_in_days" {
  description = "Days to keep control plane logs (a CloudWatch Logs retention value)."
  type        = number
  default     = 90

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "The retention must be a CloudWatch Logs value such as 30, 90 or 365."
  }
}

variable "tags" {
  description = "Tags to add to the resources."
  type        = map(string)
  default     = {}
}
