output "vpc_id" {
  description = "ID of the VPC."
  value       = module.vpc.vpc_id
}

output "vpc_cidr_block" {
  description = "IPv4 range of the VPC."
  value       = module.vpc.vpc_cidr_block
}

output "private_subnet_ids" {
  description = "IDs of the private subnets (one per AZ)."
  value       = module.vpc.private_subnets
}

output "public_subnet_ids" {
  description = "IDs of the public subnets (one per AZ)."
  value       = module.vpc.public_subnets
}

output "private_subnet_cidr_blocks" {
  description = "IPv4 ranges of the private subnets."
  value       = module.vpc.private_subnets_cidr_blocks
}

output "azs" {
  description = "Availability zones used."
  value       = module.vpc.azs
}

output "nat_public_ips" {
  description = "Public IPs of the NAT gateways (egress addresses to allow-list elsewhere)."
  value       = module.vpc.nat_public_ips
}
