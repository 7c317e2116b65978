-- Past its bound, a run's log keeps its start AND its end (issue 17): the end (the error) is what a
-- reader needs. The first quarter of GRAPE_LOG_MAX_BYTES is the head, kept for good; every later
-- chunk is stored, and the oldest chunks after the head are emptied while the log is over its
-- bound (a ring). An emptied chunk keeps its row and the size it had (`omitted`), so a reader
-- sees, in place, exactly how many bytes were left out (logs/run-logs-store.ts).
-- `head_seq`: the last chunk of the head (NULL while the whole log is still the head).
ALTER TABLE run_log_chunks ADD COLUMN omitted int NOT NULL DEFAULT 0;
ALTER TABLE run_logs ADD COLUMN head_seq int;
ALTER TABLE run_logs ADD COLUMN omitted bigint NOT NULL DEFAULT 0;
