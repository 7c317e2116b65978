locals {
  oidc_provider_url = "https://token.actions.githubusercontent.com"

  oidc_provider_arn = (
    var.create_oidc_provider ? try(aws_iam_openid_connect_provider.this[0].arn, null) :
    var.oidc_provider_arn != null ? var.oidc_provider_arn :
    try(data.aws_iam_openid_connect_provider.this[0].arn, null)
  )
}

# One provider per account: create it in one configuration, pass its ARN (or let the lookup
# find it) everywhere else.
resource "aws_iam_openid_connect_provider" "this" {
  count = var.create && var.create_oidc_provider ? 1 : 0

  url            = local.oidc_provider_url
  client_id_list = [var.audience]
  # AWS trusts GitHub's certificate through its own CA library; thumbprints are optional.
  thumbprint_list = length(var.oidc_thumbprints) > 0 ? var.oidc_thumbprints : null

  tags = var.tags
}

data "aws_iam_openid_connect_provider" "this" {
  count = var.create && !var.create_oidc_provider && var.oidc_provider_arn == null ? 1 : 0

  url = local.oidc_provider_url
}

resource "aws_iam_role" "this" {
  count = var.create ? 1 : 0

  name                 = var.name
  path                 = var.path
  description          = var.description
  assume_role_policy   = jsonencode(local.trust_policy)
  max_session_duration = var.max_session_duration
  permissions_boundary = var.permissions_boundary_arn

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "this" {
  for_each = { for k, v in var.managed_policy_arns : k => v if var.create }

  role       = aws_iam_role.this[0].name
  policy_arn = each.value
}

resource "aws_iam_role_policy" "this" {
  for_each = { for k, v in var.inline_policies : k => v if var.create }

  name   = each.key
  role   = aws_iam_role.this[0].id
  policy = each.value
}
