variable "create" {
  description = "Whether to create the network."
  type        = bool
  default     = true
}

variable "name" {
  description = "Name prefix of the VPC and its resources."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}$", var.name))
    error_message = "The name must be 1-63 letters, digits and hyphens, starting with a letter or digit, e.g. \"acme-prod\"."
  }
}

variable "cidr" {
  description = "IPv4 range of the VPC, /16 to /24 (AWS limits), e.g. \"10.0.0.0/16\"."
  type        = string
  default     = "10.0.0.0/16"

  validation {
    condition     = can(cidrhost(var.cidr, 0)) && can(regex("^(\\d{1,3}\\.){3}\\d{1,3}/(1[6-9]|2[0-4])$", var.cidr))
    error_message = "The VPC range must be an IPv4 CIDR from /16 to /24, e.g. \"10.0.0.0/16\"."
  }
}

variable "azs" {
  description = "Availability zones to spread the subnets over (2 or more for anything highly available), e.g. [\"eu-west-1a\", \"eu-west-1b\"]."
  type        = list(string)

  validation {
    condition     = length(var.azs) >= 1 && length(var.azs) <= 8 && alltrue([for az in var.azs : can(regex("^[a-z]{2}(-[a-z]+)+-\\d[a-z]$", az))])
    error_message = "Give 1-8 availability zone names, e.g. [\"eu-west-1a\", \"eu-west-1b\"]."
  }
}

variable "private_subnets" {
  description = "IPv4 ranges of the private subnets, one per AZ; empty carves /20s from the VPC range (needs a /16)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.private_subnets : can(cidrhost(c, 0))])
    error_message = "Each private subnet must be an IPv4 CIDR, e.g. \"10.0.0.0/20\"."
  }
}

variable "public_subnets" {
  description = "IPv4 ranges of the public subnets, one per AZ; empty carves /20s from the upper half of the VPC range (needs a /16)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.public_subnets : can(cidrhost(c, 0))])
    error_message = "Each public subnet must be an IPv4 CIDR, e.g. \"10.0.128.0/20\"."
  }
}

variable "nat_gateway_mode" {
  description = "Egress for private subnets: \"one_per_az\" (highly available), \"single\" (cheaper, one AZ) or \"none\"."
  type        = string
  default     = "one_per_az"

  validation {
    condition     = contains(["one_per_az", "single", "none"], var.nat_gateway_mode)
    error_message = "nat_gateway_mode must be \"one_per_az\", \"single\" or \"none\"."
  }
}

variable "enable_flow_log" {
  description = "Record VPC flow logs in CloudWatch Logs."
  type        = bool
  default     = true
}

variable "flow_log_retention_in_days" {
  description = "Days to keep flow logs (a CloudWatch Logs retention value)."
  type        = number
  default     = 90

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.flow_log_retention_in_days)
    error_message = "The retention must be a CloudWatch Logs value such as 30, 90 or 365."
  }
}

variable "tags" {
  description = "Tags to add to the resources."
  type        = map(string)
  default     = {}
}
