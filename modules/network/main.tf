locals {
  # Unless given, carve /20s out of the VPC range: private subnets first, public after them.
  az_count        = length(var.azs)
  private_subnets = length(var.private_subnets) > 0 ? var.private_subnets : [for i in range(local.az_count) : cidrsubnet(var.cidr, 4, i)]
  public_subnets  = length(var.public_subnets) > 0 ? var.public_subnets : [for i in range(local.az_count) : cidrsubnet(var.cidr, 4, i + 8)]
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "6.6.0"

  create_vpc = var.create
  name       = var.name
  cidr       = var.cidr
  azs        = var.azs

  private_subnets = local.private_subnets
  public_subnets  = local.public_subnets

  enable_nat_gateway     = var.nat_gateway_mode != "none"
  single_nat_gateway     = var.nat_gateway_mode == "single"
  one_nat_gateway_per_az = var.nat_gateway_mode == "one_per_az"

  enable_dns_hostnames    = true
  enable_dns_support      = true
  map_public_ip_on_launch = false

  # The default security group allows nothing.
  manage_default_security_group = true

  enable_flow_log                                 = var.enable_flow_log
  create_flow_log_cloudwatch_log_group            = var.enable_flow_log
  create_flow_log_cloudwatch_iam_role             = var.enable_flow_log
  flow_log_max_aggregation_interval               = 60
  flow_log_cloudwatch_log_group_retention_in_days = var.flow_log_retention_in_days

  # Load balancer discovery for EKS (AWS Load Balancer Controller).
  public_subnet_tags  = { "kubernetes.io/role/elb" = "1" }
  private_subnet_tags = { "kubernetes.io/role/internal-elb" = "1" }

  tags = var.tags
}
