-- Run logs held by the dispatcher (issue 17): every run's output as ordered chunks, written while
-- the run goes on (the local executor from the child's output, a GitHub run by the action itself,
-- or fetched from GitHub after a run that never streamed). `run_logs` keeps one row per
-- deployment: the next expected sequence number (appends are strictly in order, so readers
-- following `seq > n` never miss a chunk committed late), the bytes kept (bounded per run) and
-- where the log came from. Each stored chunk sends NOTIFY grape_log with the deployment id, so a
-- follower on any replica reads it at once.
CREATE TABLE run_logs (
  deployment_id  text PRIMARY KEY REFERENCES deployments (id) ON DELETE CASCADE,
  source         text NOT NULL CHECK (source IN ('local', 'stream', 'github')),
  next_seq       int NOT NULL DEFAULT 1,
  bytes          bigint NOT NULL DEFAULT 0,
  truncated      boolean NOT NULL DEFAULT false,
  updated_at     timestamptz NOT NULL
);

CREATE TABLE run_log_chunks (
  deployment_id  text NOT NULL REFERENCES run_logs (deployment_id) ON DELETE CASCADE,
  seq            int NOT NULL,
  body           text NOT NULL,
  created_at     timestamptz NOT NULL,
  PRIMARY KEY (deployment_id, seq)
);

CREATE INDEX run_logs_updated_at ON run_logs (updated_at);

CREATE FUNCTION grape_notify_log() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('grape_log', NEW.deployment_id);
  RETURN NULL;
END
$$;

CREATE TRIGGER run_log_chunks_notify
  AFTER INSERT ON run_log_chunks
  FOR EACH ROW EXECUTE FUNCTION grape_notify_log();
