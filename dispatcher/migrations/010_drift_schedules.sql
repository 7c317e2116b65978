-- Scheduled drift checks (issue 17): a cron expression in a time zone per (project, environment)
-- that requests a plan. `drift_schedule_firings` has one row per (schedule, slot): the replica
-- whose insert wins fires that slot, every other replica's insert does nothing, so several
-- replicas never fire a slot twice. Only the latest due slot is ever fired, so slots missed while
-- every replica was down are not replayed in a burst.
CREATE TABLE drift_schedules (
  id           text PRIMARY KEY,
  tenant_id    text NOT NULL REFERENCES tenants (id),
  project_id   text NOT NULL REFERENCES projects (id),
  environment  text NOT NULL,
  cron         text NOT NULL,
  time_zone    text NOT NULL,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL,
  deleted_at   timestamptz
);
CREATE UNIQUE INDEX drift_schedules_one_per_environment
  ON drift_schedules (project_id, environment) WHERE deleted_at IS NULL;

CREATE TABLE drift_schedule_firings (
  schedule_id    text NOT NULL REFERENCES drift_schedules (id),
  slot           timestamptz NOT NULL,
  deployment_id  text REFERENCES deployments (id),
  fired_at       timestamptz NOT NULL,
  PRIMARY KEY (schedule_id, slot)
);
