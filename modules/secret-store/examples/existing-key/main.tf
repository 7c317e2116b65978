# Secrets encrypted with a key managed elsewhere (e.g. by a security account's baseline). Its key
# policy must let the readers decrypt through Secrets Manager: the key_policy output shows how.

provider "aws" {
  region = "eu-west-1"
}

module "secrets" {
  source = "../.."

  environment    = "staging"
  create_kms_key = false
  kms_key_arn    = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"

  secrets = {
    "api/service-key" = { generate = true, length = 48 }
  }

  reader_role_arns = ["arn:aws:iam::111122223333:role/eks/external-secrets"]
  writer_role_arns = ["arn:aws:iam::111122223333:role/grape/grape-deploy"]
}

output "secret_names" {
  description = "Secrets Manager names, by secret."
  value       = module.secrets.secret_names
}
