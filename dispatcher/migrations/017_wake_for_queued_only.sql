-- A new deployment wakes the dispatch loops only if it is still queued when its transaction
-- commits. The replica that takes a request usually claims it in the creating transaction
-- (dispatcher/src/store/claim-dispatchable.ts); the statement trigger of migration 005 still woke
-- every replica for it, and each ran a claim that found nothing: one empty transaction per
-- deployment and replica. A deferred constraint trigger runs at commit, after the claim, and sees
-- the row's final status. Identical notifications of one transaction are still folded into one.
DROP TRIGGER deployments_queued_insert ON deployments;

CREATE FUNCTION grape_notify_dispatch_if_queued() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM deployments d WHERE d.id = NEW.id AND d.status = 'queued') THEN
    PERFORM pg_notify('grape_dispatch', '');
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER deployments_queued_insert
  AFTER INSERT ON deployments
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION grape_notify_dispatch_if_queued();
