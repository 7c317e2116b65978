provider "aws" {
  region = "eu-west-1"
}

module "network" {
  source = "../../../network"

  name = "acme-staging"
  azs  = ["eu-west-1a", "eu-west-1b"]
}

module "db" {
  source = "../.."

  identifier          = "acme-staging-app"
  vpc_id              = module.network.vpc_id
  subnet_ids          = module.network.private_subnet_ids
  allowed_cidr_blocks = module.network.private_subnet_cidr_blocks
}

output "db_endpoint" {
  description = "Connection endpoint."
  value       = module.db.db_endpoint
}

output "db_master_user_secret_arn" {
  description = "Secret holding the master password."
  value       = module.db.db_master_user_secret_arn
}
