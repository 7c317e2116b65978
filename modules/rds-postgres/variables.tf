variable "create" {
  description = "Whether to create the database."
  type        = bool
  default     = true
}

variable "identifier" {
  description = "Identifier of the DB instance, e.g. \"acme-prod-app\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,62}$", var.identifier)) && !strcontains(var.identifier, "--") && !endswith(var.identifier, "-")
    error_message = "The identifier must be 1-63 lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen, e.g. \"acme-prod-app\"."
  }
}

variable "engine_version" {
  description = "PostgreSQL version: a major (\"17\") lets RDS pick the minor; \"17.6\" pins it."
  type        = string
  default     = "17"

  validation {
    condition     = can(regex("^1[3-9](\\.[0-9]+)?$", var.engine_version))
    error_message = "The engine version must be a supported major (13-19) with an optional minor, e.g. \"17\" or \"17.6\"."
  }
}

variable "instance_class" {
  description = "Instance class, e.g. \"db.t4g.micro\"."
  type        = string
  default     = "db.t4g.micro"

  validation {
    condition     = can(regex("^db\\.[a-z0-9-]+\\.[a-z0-9]+$", var.instance_class))
    error_message = "The instance class must look like \"db.t4g.micro\"."
  }
}

variable "allocated_storage" {
  description = "Initial storage in GiB (20-65536)."
  type        = number
  default     = 20

  validation {
    condition     = var.allocated_storage >= 20 && var.allocated_storage <= 65536
    error_message = "gp3 storage must be from 20 to 65536 GiB, e.g. 20."
  }
}

variable "max_allocated_storage" {
  description = "Storage autoscaling ceiling in GiB (0 disables autoscaling)."
  type        = number
  default     = 100

  validation {
    condition     = var.max_allocated_storage == 0 || (var.max_allocated_storage >= var.allocated_storage && var.max_allocated_storage <= 65536)
    error_message = "max_allocated_storage must be 0 or between allocated_storage and 65536, e.g. 100."
  }
}

variable "db_name" {
  description = "Name of the database created in the instance."
  type        = string
  default     = "app"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_]{0,62}$", var.db_name))
    error_message = "The database name must start with a letter and hold up to 63 letters, digits and underscores, e.g. \"app\"."
  }
}

variable "username" {
  description = "Master user name (its password is generated and kept in Secrets Manager)."
  type        = string
  default     = "app_admin"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_]{0,62}$", var.username)) && !contains(["postgres", "rdsadmin", "admin"], lower(var.username))
    error_message = "The user name must start with a letter, hold up to 63 letters, digits and underscores, and not be a reserved name (postgres, rdsadmin, admin), e.g. \"app_admin\"."
  }
}

variable "port" {
  description = "Port PostgreSQL listens on."
  type        = number
  default     = 5432

  validation {
    condition     = var.port >= 1150 && var.port <= 65535
    error_message = "RDS PostgreSQL ports must be from 1150 to 65535, e.g. 5432."
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

variable "subnet_ids" {
  description = "Private subnets for the DB subnet group (the network module's private_subnet_ids), in at least two AZs."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2 && alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", s))])
    error_message = "Give at least two subnet ids (RDS needs two AZs), e.g. [\"subnet-0abc1234def567890\", \"subnet-0def1234abc567890\"]."
  }
}

variable "allowed_cidr_blocks" {
  description = "Private IPv4 ranges allowed to connect (e.g. the VPC's private subnets)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.allowed_cidr_blocks : can(cidrhost(c, 0)) && c != "0.0.0.0/0"])
    error_message = "Each range must be an IPv4 CIDR narrower than the whole internet, e.g. \"10.0.0.0/16\"."
  }
}

variable "allowed_security_group_ids" {
  description = "Security groups allowed to connect, keyed by a static name, e.g. { eks_nodes = module.eks.node_security_group_id }."
  type        = map(string)
  default     = {}
}

variable "multi_az" {
  description = "Run a standby in a second AZ (recommended for production)."
  type        = bool
  default     = false
}

variable "backup_retention_period" {
  description = "Days of automated backups (1-35)."
  type        = number
  default     = 7

  validation {
    condition     = var.backup_retention_period >= 1 && var.backup_retention_period <= 35
    error_message = "Keep backups from 1 to 35 days, e.g. 7."
  }
}

variable "deletion_protection" {
  description = "Refuse to delete the instance until this is turned off."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags to add to the resources."
  type        = map(string)
  default     = {}
}
