# The trust policy, kept free of resources and data sources on purpose: the tests evaluate this
# file with the real Terraform binary (no provider needed) and simulate the policy it builds.
# cloudformation.yaml must build the same document; a test compares the two.

locals {
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
          StringEquals = { "sts:ExternalId" = var.external_id }
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
