# The key policy and the secrets' resource policy, kept free of resources and data sources on
# purpose: the tests evaluate this file with the real Terraform binary (no provider needed) and
# run the policies it builds through an IAM policy simulator. local.account_id, local.partition
# and local.region are resolved in main.tf.

locals {
  # Secrets Manager decrypts and encrypts on the caller's behalf; the key is usable only that way.
  # (No kms:CallerAccount condition: a reader may be a role of another account, named by ARN.)
  via_secrets_manager = {
    StringEquals = { "kms:ViaService" = "secretsmanager.${local.region}.amazonaws.com" }
  }

  key_administrators = length(var.key_administrator_arns) > 0 ? var.key_administrator_arns : ["arn:${local.partition}:iam::${local.account_id}:root"]

  # No statement lets the account root *use* the key: IAM policies alone never grant kms:Decrypt
  # on it, only this policy does (KMS key policies are the only way in unless they delegate).
  # kms:CreateGrant is left out of administration: a grant would be a way around that rule.
  key_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "KeyAdministration"
        Effect    = "Allow"
        Principal = { AWS = local.key_administrators }
        Action = [
          "kms:CancelKeyDeletion",
          "kms:CreateAlias",
          "kms:DeleteAlias",
          "kms:DescribeKey",
          "kms:DisableKey",
          "kms:DisableKeyRotation",
          "kms:EnableKey",
          "kms:EnableKeyRotation",
          "kms:GetKeyPolicy",
          "kms:GetKeyRotationStatus",
          "kms:ListGrants",
          "kms:ListKeyRotations",
          "kms:ListResourceTags",
          "kms:PutKeyPolicy",
          "kms:RevokeGrant",
          "kms:RotateKeyOnDemand",
          "kms:ScheduleKeyDeletion",
          "kms:TagResource",
          "kms:UntagResource",
          "kms:UpdateAlias",
          "kms:UpdateKeyDescription",
        ]
        Resource = "*"
      },
      {
        Sid       = "ReadersDecryptThroughSecretsManager"
        Effect    = "Allow"
        Principal = { AWS = var.reader_role_arns }
        Action    = ["kms:Decrypt", "kms:DescribeKey"]
        Resource  = "*"
        Condition = local.via_secrets_manager
      },
      {
        Sid       = "WritersEncryptThroughSecretsManager"
        Effect    = "Allow"
        Principal = { AWS = var.writer_role_arns }
        Action    = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
        Resource  = "*"
        Condition = local.via_secrets_manager
      },
    ]
  }

  # One policy for every secret of the module (Resource "*" in a resource policy is the secret
  # it is attached to). The deny is what makes "only the named roles" hold against identity
  # policies such as secretsmanager:* on *: an explicit deny wins over any allow.
  secret_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "NamedReadersRead"
        Effect    = "Allow"
        Principal = { AWS = var.reader_role_arns }
        Action    = ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"]
        Resource  = "*"
      },
      {
        Sid       = "DenyReadToEveryoneElse"
        Effect    = "Deny"
        Principal = "*"
        Action    = "secretsmanager:GetSecretValue"
        Resource  = "*"
        Condition = {
          StringNotEquals = { "aws:PrincipalArn" = distinct(concat(var.reader_role_arns, var.writer_role_arns)) }
        }
      },
    ]
  }
}
