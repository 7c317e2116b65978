# The secrets of a Supabase-style platform on EKS: the JWT signing secret and the application's
# database password are generated during apply (never in state), the SMTP password is created
# empty for a person to fill. Only the External Secrets Operator's role reads them; Grape's deploy
# role writes them. The ARNs go to the facts, and External Secrets brings the values in-cluster.

provider "aws" {
  region = "eu-west-1"
}

module "secrets" {
  source = "../.."

  environment = "production"

  secrets = {
    "api/jwt-secret" = {
      description = "Signs the platform's JWTs"
      generate    = true
      length      = 64
    }
    "postgres/app-password" = {
      description = "Password of the application's database user"
      generate    = true
    }
    "smtp/password" = {
      description = "SMTP relay password, set by hand"
    }
  }

  reader_role_arns = ["arn:aws:iam::111122223333:role/eks/external-secrets"]
  writer_role_arns = ["arn:aws:iam::111122223333:role/grape/grape-deploy"]
}

output "secret_arns" {
  description = "Secrets Manager ARNs, by secret (for the ExternalSecret hand-off)."
  value       = module.secrets.secret_arns
}

output "kms_key_arn" {
  description = "The key encrypting the secrets."
  value       = module.secrets.kms_key_arn
}
