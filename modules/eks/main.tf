locals {
  coredns_on_fargate = contains(var.fargate_namespaces, "kube-system")

  addons = {
    vpc-cni = {
      before_compute = true
    }
    kube-proxy             = {}
    eks-pod-identity-agent = { before_compute = true }
    coredns = {
      # CoreDNS runs on Fargate only when told to.
      configuration_values = local.coredns_on_fargate ? jsonencode({ computeType = "Fargate" }) : null
    }
  }

  access_entries = {
    for index, arn in var.admin_principal_arns : "admin-${index}" => {
      principal_arn = arn
      policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "21.19.0"

  create             = var.create
  name               = var.name
  kubernetes_version = var.kubernetes_version

  vpc_id     = var.vpc_id
  subnet_ids = var.private_subnet_ids

  endpoint_private_access      = true
  endpoint_public_access       = var.endpoint_public_access
  endpoint_public_access_cidrs = var.endpoint_public_access_cidrs

  # Secrets envelope-encrypted with a key the module creates; control plane logs kept.
  create_kms_key                         = true
  encryption_config                      = { resources = ["secrets"] }
  enabled_log_types                      = ["api", "audit", "authenticator", "controllerManager", "scheduler"]
  cloudwatch_log_group_retention_in_days = var.log_retention_in_days

  authentication_mode                      = "API"
  enable_cluster_creator_admin_permissions = var.enable_cluster_creator_admin_permissions
  access_entries                           = local.access_entries

  # IRSA: the cluster's OIDC issuer registered as an IAM OIDC provider.
  enable_irsa = true

  addons = local.addons

  fargate_profiles = length(var.fargate_namespaces) == 0 ? {} : {
    default = {
      selectors = [for ns in var.fargate_namespaces : { namespace = ns }]
    }
  }

  tags = var.tags
}
