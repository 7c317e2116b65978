-- A deployment's history (GET /v1/deployments/{id}/events, the console's timeline) reads the audit
-- events about one object; without this index that read scans every event of the tenant.
CREATE INDEX audit_by_object ON audit_events (tenant_id, object_type, object_id, seq);
