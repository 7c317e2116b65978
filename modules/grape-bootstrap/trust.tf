# The trust policy, kept free of resources and data sources on purpose: the tests evaluate this
# file with the real Terraform binary (no provider needed) and simulate the policy it builds.
# cloudformation.yaml must build the same document; a test compares the two.

locals {
  # With tenant_id, the runner's session must also come from a role tagged grape:tenant=<tenant_id>
  # (aws:PrincipalTag of a role session: the role's tags; a GitHub OIDC token carries no session
  # tags, and tenant code cannot tag Grape's roles). A token minted in another tenant's job only
  # reaches that tenant's hop-1 role, whose tag names that tenant (docs/security.md, "Trust").
  assume_conditions = merge(
    { "sts:ExternalId" = var.external_id },
    var.tenant_id == null ? {} : { "aws:PrincipalTag/grape:tenant" = var.tenant_id },
  )

  trust_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        # The confused-deputy guard: Grape's runner role may assume this role only when it
        # presents this tenant's ExternalId.
        Sid       = "GrapeRunnerAssumeWithExternalId"
        Effect    = "Allow"
        Principal = { AWS = var.trusted_principal_arns }
        Action    = "sts:AssumeRole"
        Condition = {
          StringEquals = local.assume_conditions
        }
      },
      {
        # The same AssumeRole call carries session tags and a SourceIdentity (the deployment id,
        # for CloudTrail). Neither grants anything alone: the call still needs the statement above.
        Sid       = "GrapeRunnerTagSessionAndSourceIdentity"
        Effect    = "Allow"
        Principal = { AWS = var.trusted_principal_arns }
        Action    = ["sts:TagSession", "sts:SetSourceIdentity"]
      },
    ]
  }
}
