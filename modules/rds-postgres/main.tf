locals {
  major_version = split(".", var.engine_version)[0]
}

# One key for the storage, Performance Insights and the master password's secret.
resource "aws_kms_key" "this" {
  count = var.create ? 1 : 0

  description             = "Encrypts the ${var.identifier} PostgreSQL database and its master password secret"
  enable_key_rotation     = true
  deletion_window_in_days = 30

  tags = var.tags
}

resource "aws_security_group" "this" {
  count = var.create ? 1 : 0

  name_prefix = "${var.identifier}-db-"
  description = "PostgreSQL ${var.identifier}: ingress on ${var.port} from the allowed ranges and groups only"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.identifier}-db" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "cidr" {
  for_each = var.create ? toset(var.allowed_cidr_blocks) : toset([])

  security_group_id = aws_security_group.this[0].id
  description       = "PostgreSQL from ${each.value}"
  ip_protocol       = "tcp"
  from_port         = var.port
  to_port           = var.port
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_ingress_rule" "security_group" {
  for_each = { for k, v in var.allowed_security_group_ids : k => v if var.create }

  security_group_id            = aws_security_group.this[0].id
  description                  = "PostgreSQL from ${each.key}"
  ip_protocol                  = "tcp"
  from_port                    = var.port
  to_port                      = var.port
  referenced_security_group_id = each.value
}

module "db" {
  source  = "terraform-aws-modules/rds/aws"
  version = "7.2.0"

  create_db_instance        = var.create
  create_db_subnet_group    = var.create
  create_db_parameter_group = var.create
  create_db_option_group    = false

  identifier           = var.identifier
  engine               = "postgres"
  engine_version       = var.engine_version
  family               = "postgres${local.major_version}"
  major_engine_version = local.major_version
  instance_class       = var.instance_class

  allocated_storage     = var.allocated_storage
  max_allocated_storage = var.max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = try(aws_kms_key.this[0].arn, null)

  db_name  = var.db_name
  username = var.username
  port     = var.port

  # The password never appears in Terraform: RDS generates it into Secrets Manager.
  manage_master_user_password   = true
  master_user_secret_kms_key_id = try(aws_kms_key.this[0].arn, null)

  iam_database_authentication_enabled = true

  subnet_ids             = var.subnet_ids
  vpc_security_group_ids = try([aws_security_group.this[0].id], [])
  publicly_accessible    = false
  multi_az               = var.multi_az

  parameters = [
    { name = "rds.force_ssl", value = "1" },
    { name = "log_min_duration_statement", value = "1000" },
  ]

  backup_retention_period          = var.backup_retention_period
  deletion_protection              = var.deletion_protection
  skip_final_snapshot              = false
  final_snapshot_identifier_prefix = "${var.identifier}-final"
  copy_tags_to_snapshot            = true
  auto_minor_version_upgrade       = true

  performance_insights_enabled    = true
  performance_insights_kms_key_id = try(aws_kms_key.this[0].arn, null)
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]
  create_cloudwatch_log_group     = true

  tags = var.tags
}
