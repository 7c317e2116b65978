-- Tenants, projects, API tokens, deployments, webhook deliveries and the hash-chained audit log.

CREATE TABLE tenants (
  id          text PRIMARY KEY,
  name        text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE projects (
  id                        text PRIMARY KEY,
  tenant_id                 text NOT NULL REFERENCES tenants (id),
  name                      text NOT NULL,
  source                    jsonb NOT NULL,
  role_arn                  text NOT NULL,
  region                    text NOT NULL,
  external_id               text NOT NULL,
  session_duration_seconds  int NOT NULL DEFAULT 3600,
  backend                   jsonb,
  facts                     jsonb,
  protected_environments    text[] NOT NULL DEFAULT '{}',
  created_at                timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);

CREATE TABLE api_tokens (
  id            text PRIMARY KEY,
  tenant_id     text NOT NULL REFERENCES tenants (id),
  name          text NOT NULL,
  role          text NOT NULL CHECK (role IN ('viewer', 'deployer', 'admin')),
  -- sha256 of the whole token: tokens carry 256 random bits, so a fast hash is enough.
  token_hash    text NOT NULL UNIQUE,
  projects      text[],
  environments  text[],
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz
);

CREATE TABLE deployments (
  seq                  bigserial NOT NULL UNIQUE,
  id                   text PRIMARY KEY,
  tenant_id            text NOT NULL REFERENCES tenants (id),
  project_id           text NOT NULL REFERENCES projects (id),
  environment          text NOT NULL,
  operation            text NOT NULL CHECK (operation IN ('plan', 'apply', 'destroy')),
  status               text NOT NULL CHECK (status IN ('queued', 'dispatching', 'running',
                         'awaiting-approval', 'succeeded', 'failed', 'cancelled')),
  status_reason        text,
  ref                  text NOT NULL,
  variables            jsonb NOT NULL DEFAULT '{}',
  requested_by         text NOT NULL,
  idempotency_key      text,
  request_hash         text,
  approves             text REFERENCES deployments (id),
  plan_sha256          text,
  plan_has_changes     boolean,
  plan_summary         jsonb,
  facts_commit         text,
  outputs              jsonb,
  run_id               bigint,
  run_url              text,
  attempts             int NOT NULL DEFAULT 0,
  not_before           timestamptz,
  dispatch_started_at  timestamptz,
  dispatched_at        timestamptz,
  cancel_requested_at  timestamptz,
  created_at           timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL,
  finished_at          timestamptz
);
CREATE UNIQUE INDEX deployments_idempotency ON deployments (tenant_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
-- The database itself guarantees one active deployment per (project, environment).
CREATE UNIQUE INDEX deployments_one_active ON deployments (project_id, environment)
  WHERE status IN ('dispatching', 'running');
CREATE UNIQUE INDEX deployments_run ON deployments (run_id) WHERE run_id IS NOT NULL;
-- A plan is applied at most once.
CREATE UNIQUE INDEX deployments_approves ON deployments (approves) WHERE approves IS NOT NULL;
CREATE INDEX deployments_queue ON deployments (project_id, environment, seq) WHERE status = 'queued';
CREATE INDEX deployments_open ON deployments (status, seq)
  WHERE status IN ('queued', 'dispatching', 'running');
CREATE INDEX deployments_by_tenant ON deployments (tenant_id, seq DESC);

CREATE TABLE webhook_deliveries (
  id           text PRIMARY KEY,
  event        text NOT NULL,
  received_at  timestamptz NOT NULL
);

-- One row: the chain's head. Appends lock it (SELECT … FOR UPDATE), so every replica extends one chain.
CREATE TABLE audit_head (
  id    int PRIMARY KEY CHECK (id = 1),
  seq   bigint NOT NULL,
  hash  text NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));

CREATE TABLE audit_events (
  seq          bigint PRIMARY KEY,
  at           timestamptz NOT NULL,
  tenant_id    text,
  actor        text NOT NULL,
  action       text NOT NULL,
  object_type  text NOT NULL,
  object_id    text NOT NULL,
  source_ip    text,
  request_id   text,
  data         jsonb NOT NULL,
  prev_hash    text NOT NULL,
  hash         text NOT NULL
);
CREATE INDEX audit_by_tenant ON audit_events (tenant_id, seq DESC);
