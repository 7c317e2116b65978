-- A drift check that finds drift is told once, as `deployment.drifted` (migration 011), not also as
-- `deployment.awaiting_approval` (issue 17). Its plan does wait in `awaiting-approval` (a person may
-- review and apply it to undo the drift), but no schedule asks for approval-then-apply: telling
-- the approvers "a plan awaits your approval" every night the infrastructure has drifted would be
-- a request nobody made. Same trigger as migration 009 otherwise.
CREATE OR REPLACE FUNCTION grape_queue_notifications() RETURNS trigger
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
  IF ev = 'deployment.awaiting_approval' AND NEW.drift_check THEN RETURN NULL; END IF;
  INSERT INTO notification_deliveries (hook_id, tenant_id, event, deployment_id)
    SELECT h.id, h.tenant_id, ev, NEW.id FROM notification_hooks h
    WHERE h.tenant_id = NEW.tenant_id AND h.deleted_at IS NULL AND ev = ANY (h.events);
  IF FOUND THEN PERFORM pg_notify('grape_notify', ''); END IF;
  RETURN NULL;
END
$$;
