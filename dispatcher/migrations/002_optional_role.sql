-- A project may run without an AWS role: its module needs no AWS access (the demo, modules of
-- other clouds), or the local executor uses the operator's ambient credentials.
ALTER TABLE projects ALTER COLUMN role_arn DROP NOT NULL;
