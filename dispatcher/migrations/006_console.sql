-- The web console: one-time sign-in links, browser sessions, GitHub members, and a notification
-- per deployment change for its live pages (dispatcher/src/console/).

-- A link is a secret in a URL: only its sha256 is kept. Used once (used_at), short-lived.
CREATE TABLE console_links (
  link_hash   text PRIMARY KEY,
  tenant_id   text NOT NULL REFERENCES tenants (id),
  login       text NOT NULL,
  role        text NOT NULL CHECK (role IN ('viewer', 'deployer', 'admin')),
  created_by  text NOT NULL,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);

-- The session cookie's sha256; the CSRF token the page sends back on every state-changing request.
CREATE TABLE console_sessions (
  session_hash  text PRIMARY KEY,
  tenant_id     text NOT NULL REFERENCES tenants (id),
  login         text NOT NULL,
  role          text NOT NULL CHECK (role IN ('viewer', 'deployer', 'admin')),
  csrf_token    text NOT NULL,
  created_at    timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL
);

-- Who may sign in with GitHub: a login, an organisation or an organisation's team ('org/team').
CREATE TABLE console_members (
  id          text PRIMARY KEY,
  tenant_id   text NOT NULL REFERENCES tenants (id),
  kind        text NOT NULL CHECK (kind IN ('user', 'org', 'team')),
  name        text NOT NULL,
  role        text NOT NULL CHECK (role IN ('viewer', 'deployer', 'admin')),
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL,
  UNIQUE (tenant_id, kind, name)
);

-- '<tenant id> <project id> <deployment id>' on every insert or status change, delivered at commit.
CREATE FUNCTION grape_notify_deployment_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('grape_deployments', NEW.tenant_id || ' ' || NEW.project_id || ' ' || NEW.id);
  RETURN NULL;
END
$$;

CREATE TRIGGER deployments_changed_insert
  AFTER INSERT ON deployments
  FOR EACH ROW EXECUTE FUNCTION grape_notify_deployment_change();

CREATE TRIGGER deployments_changed_update
  AFTER UPDATE ON deployments
  FOR EACH ROW
  WHEN (NEW.status IS DISTINCT FROM OLD.status OR NEW.facts_commit IS DISTINCT FROM OLD.facts_commit)
  EXECUTE FUNCTION grape_notify_deployment_change();
