-- Wakes every replica's dispatch loop the moment there is something to dispatch: a deployment was
-- queued (created, or put back after a rate limit), or an active one finished so the next one of
-- its (project, environment) may go. Delivered when the changing transaction commits; identical
-- notifications of one transaction are folded into one by PostgreSQL. The 1 s poll stays as the
-- fallback for a replica whose listening connection is down (dispatcher/src/dispatch/dispatch-wakeup.ts).
CREATE FUNCTION grape_notify_dispatch() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('grape_dispatch', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER deployments_queued_insert
  AFTER INSERT ON deployments
  FOR EACH STATEMENT EXECUTE FUNCTION grape_notify_dispatch();

CREATE TRIGGER deployments_queue_moves
  AFTER UPDATE OF status ON deployments
  FOR EACH ROW
  WHEN (NEW.status IS DISTINCT FROM OLD.status
        AND (NEW.status = 'queued'
             OR (OLD.status IN ('dispatching', 'running')
                 AND NEW.status NOT IN ('dispatching', 'running'))))
  EXECUTE FUNCTION grape_notify_dispatch();
