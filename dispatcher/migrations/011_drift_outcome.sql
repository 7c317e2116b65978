-- The outcome of a scheduled drift check (issue 17). `drift_check` marks a plan the drift
-- scheduler requested (schedules/drift-scheduler.ts); when its run report arrives
-- (run-report/apply-report.ts) `drift` records 'in-sync' (the plan has no changes) or 'drifted'
-- (it has: the report's plan summary counts say how many resources). A plan a person requested
-- keeps `drift` NULL.
ALTER TABLE deployments ADD COLUMN drift_check boolean NOT NULL DEFAULT false;
ALTER TABLE deployments ADD COLUMN drift text CHECK (drift IN ('in-sync', 'drifted'));
CREATE INDEX deployments_drift ON deployments (tenant_id, drift, seq) WHERE drift IS NOT NULL;

-- `deployment.drifted`: queued, like the status events of migration 009, by a trigger in the same
-- transaction as the change it tells of, only for hooks of the deployment's own tenant, and only
-- when a drift check finds changes.
CREATE FUNCTION grape_queue_drift_notifications() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO notification_deliveries (hook_id, tenant_id, event, deployment_id)
    SELECT h.id, h.tenant_id, 'deployment.drifted', NEW.id FROM notification_hooks h
    WHERE h.tenant_id = NEW.tenant_id AND h.deleted_at IS NULL
      AND 'deployment.drifted' = ANY (h.events);
  IF FOUND THEN PERFORM pg_notify('grape_notify', ''); END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER deployments_notify_drift
  AFTER UPDATE OF drift ON deployments
  FOR EACH ROW
  WHEN (NEW.drift = 'drifted' AND OLD.drift IS DISTINCT FROM NEW.drift)
  EXECUTE FUNCTION grape_queue_drift_notifications();
