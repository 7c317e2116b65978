-- Honest progress (issue 17): what GitHub last said of a deployment's run and of its job, and since
-- when, from the `workflow_run` / `workflow_job` webhooks (webhooks/handle-workflow-event.ts). The
-- statuses are GitHub's own words (run: requested, pending, waiting, queued, in_progress,
-- completed; job: queued, waiting, in_progress, completed); `*_since` is when GitHub first said
-- it, so "waiting for a runner: the run is queued on GitHub since 12:01:03 UTC" is derived from
-- GitHub's state, not from a timer. The job's word is the finer one (a run is `in_progress` while
-- its job still waits for a runner). A status never goes back from in_progress or completed to a
-- waiting one (deliveries arrive out of order); a new run id (a re-dispatch) starts over.
CREATE TABLE run_progress (
  deployment_id  text PRIMARY KEY REFERENCES deployments (id) ON DELETE CASCADE,
  run_id         bigint NOT NULL,
  run_status     text,
  run_since      timestamptz,
  job_status     text,
  job_since      timestamptz
);
