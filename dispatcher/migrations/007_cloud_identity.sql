-- A project names the cloud identities its runs federate with beside (or instead of) the AWS role
-- (issue 18): a Google Cloud workload identity pool provider (+ service account, project) and/or
-- a Microsoft Entra tenant, client and subscription. Identifiers only, no secret: they travel in
-- the signed spec (src/contract/cloud-identity.ts holds their schema).
ALTER TABLE projects ADD COLUMN gcp jsonb;
ALTER TABLE projects ADD COLUMN azure jsonb;
