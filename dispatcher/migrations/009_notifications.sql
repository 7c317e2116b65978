-- Outbound webhooks per tenant (issue 17). A hook names a URL, the events it wants and a format
-- (grape JSON, or a Slack-compatible message); its secret signs each body (HMAC-SHA256). A
-- delivery is queued by the trigger below in the same transaction as the status change it tells
-- of (an outbox: no change is told twice or lost), and only for hooks of the deployment's own
-- tenant. The sender (dispatcher/src/notifications/) claims due deliveries with SKIP LOCKED,
-- records every attempt's response code, and retries with backoff.
CREATE TABLE notification_hooks (
  id          text PRIMARY KEY,
  tenant_id   text NOT NULL REFERENCES tenants (id),
  url         text NOT NULL,
  secret      text NOT NULL,
  format      text NOT NULL CHECK (format IN ('json', 'slack')),
  events      text[] NOT NULL,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  deleted_at  timestamptz
);
CREATE INDEX notification_hooks_tenant ON notification_hooks (tenant_id) WHERE deleted_at IS NULL;

CREATE TABLE notification_deliveries (
  seq             bigserial PRIMARY KEY,
  hook_id         text NOT NULL REFERENCES notification_hooks (id),
  tenant_id       text NOT NULL REFERENCES tenants (id),
  event           text NOT NULL,
  deployment_id   text REFERENCES deployments (id),
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts        jsonb NOT NULL DEFAULT '[]',
  -- Due at once whatever the clock (tests run on a manual one); a claim sets a lease.
  next_attempt_at timestamptz NOT NULL DEFAULT '-infinity',
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_deliveries_due ON notification_deliveries (next_attempt_at)
  WHERE status = 'pending';
CREATE INDEX notification_deliveries_hook ON notification_deliveries (hook_id, seq DESC);

CREATE FUNCTION grape_queue_notifications() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ev text := CASE NEW.status
    WHEN 'awaiting-approval' THEN 'deployment.awaiting_approval'
    WHEN 'succeeded' THEN 'deployment.succeeded'
    WHEN 'failed' THEN 'deployment.failed'
    WHEN 'cancelled' THEN 'deployment.cancelled'
  END;
BEGIN
  IF ev IS NULL THEN RETURN NULL; END IF;
  INSERT INTO notification_deliveries (hook_id, tenant_id, event, deployment_id)
    SELECT h.id, h.tenant_id, ev, NEW.id FROM notification_hooks h
    WHERE h.tenant_id = NEW.tenant_id AND h.deleted_at IS NULL AND ev = ANY (h.events);
  IF FOUND THEN PERFORM pg_notify('grape_notify', ''); END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER deployments_notify
  AFTER UPDATE OF status ON deployments
  FOR EACH ROW
  WHEN (NEW.status IS DISTINCT FROM OLD.status)
  EXECUTE FUNCTION grape_queue_notifications();
