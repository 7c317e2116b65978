provider "aws" {
  region = "eu-west-1"
}

module "network" {
  source = "../../../network"

  name = "acme-staging"
  azs  = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
}

module "eks" {
  source = "../.."

  name               = "acme-staging"
  kubernetes_version = "1.33"
  vpc_id             = module.network.vpc_id
  private_subnet_ids = module.network.private_subnet_ids

  admin_principal_arns = ["arn:aws:iam::111122223333:role/platform-admin"]
}

output "cluster_endpoint" {
  description = "URL of the Kubernetes API server."
  value       = module.eks.cluster_endpoint
}
