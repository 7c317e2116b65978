-- The changed resources a run reported (address and action, at most 200: contract/run-report.ts),
-- shown in the console's resource-change table; null until a plan is reported.
ALTER TABLE deployments ADD COLUMN plan_resources jsonb;
ALTER TABLE deployments ADD COLUMN plan_resources_omitted integer;
