-- Group commit: a batch of deployment requests becomes one server-side call, so it pays for one
-- lock of the audit chain's head and one commit (dispatcher/src/store/group-commit.ts).

-- Appends audit events to the hash chain. The caller's transaction holds the head until it commits.
-- Each event is linked to the one before it: hash = sha256(prev_hash || content), the content being
-- the event's canonical JSON exactly as the verifier (`grape audit verify`) recomputes it.
-- p_events: a JSON array of {content, tenantId, actor, action, objectType, objectId, sourceIp,
-- requestId, data}, in chain order.
CREATE FUNCTION grape_audit_append(p_at timestamptz, p_events jsonb)
RETURNS TABLE (event_seq bigint, event_prev_hash text, event_hash text)
LANGUAGE plpgsql AS $$
DECLARE
  head_seq bigint;
  head_hash text;
  hashes text[] := '{}';
  e jsonb;
BEGIN
  IF p_events IS NULL OR jsonb_array_length(p_events) = 0 THEN
    RETURN;
  END IF;
  SELECT h.seq, h.hash INTO head_seq, head_hash FROM audit_head h WHERE h.id = 1 FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'audit_head row missing: the migrations did not run';
  END IF;
  -- Linking is sequential; storing is one set-based INSERT.
  hashes := array_append(hashes, head_hash);
  FOR e IN SELECT t.value FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(value, n)
    ORDER BY t.n LOOP
    head_hash := encode(sha256(convert_to(head_hash || (e ->> 'content'), 'UTF8')), 'hex');
    hashes := array_append(hashes, head_hash);
  END LOOP;
  RETURN QUERY
  WITH inserted AS (
    INSERT INTO audit_events AS a (seq, at, tenant_id, actor, action, object_type, object_id,
      source_ip, request_id, data, prev_hash, hash)
    SELECT head_seq + t.n, p_at, t.value ->> 'tenantId', t.value ->> 'actor', t.value ->> 'action',
      t.value ->> 'objectType', t.value ->> 'objectId', t.value ->> 'sourceIp',
      t.value ->> 'requestId', t.value -> 'data', hashes[t.n], hashes[t.n + 1]
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(value, n)
    RETURNING a.seq, a.prev_hash, a.hash)
  SELECT i.seq, i.prev_hash, i.hash FROM inserted i ORDER BY i.seq;
  UPDATE audit_head SET seq = head_seq + jsonb_array_length(p_events), hash = head_hash
  WHERE id = 1;
END
$$;

-- Creates a batch of queued deployments and their audit events. The chain head is locked FIRST, so
-- every creator (on every replica) inserts in turn: rows get their seq in lock order, and when a
-- batch counts the queue ahead of its rows, every row with a lower seq is committed and visible.
-- A row whose idempotency key is taken is skipped (the caller looks it up). p_rows: a JSON array of
-- {id, tenantId, projectId, environment, operation, ref, variables, requestedBy, idempotencyKey,
-- requestHash, approves, planSha256, auditEvent}, in request order.
CREATE FUNCTION grape_create_deployments(p_at timestamptz, p_rows jsonb)
RETURNS TABLE (created_id text, created_seq bigint, queued_ahead int)
LANGUAGE plpgsql AS $$
DECLARE
  ids text[];
  seqs bigint[];
  ahead int[];
  events jsonb;
BEGIN
  PERFORM 1 FROM audit_head h WHERE h.id = 1 FOR UPDATE;
  WITH input AS (
    SELECT t.value AS r, t.n FROM jsonb_array_elements(p_rows) WITH ORDINALITY AS t(value, n)),
  inserted AS (
    INSERT INTO deployments AS d (id, tenant_id, project_id, environment, operation, status, ref,
      variables, requested_by, idempotency_key, request_hash, approves, plan_sha256, created_at,
      updated_at)
    SELECT r ->> 'id', r ->> 'tenantId', r ->> 'projectId', r ->> 'environment', r ->> 'operation',
      'queued', r ->> 'ref', r -> 'variables', r ->> 'requestedBy', r ->> 'idempotencyKey',
      r ->> 'requestHash', r ->> 'approves', r ->> 'planSha256', p_at, p_at
    FROM input ORDER BY n
    ON CONFLICT (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
    RETURNING d.id, d.seq, d.project_id, d.environment)
  SELECT array_agg(i.id ORDER BY i.seq), array_agg(i.seq ORDER BY i.seq),
    array_agg(((SELECT count(*) FROM deployments q
                WHERE q.project_id = i.project_id AND q.environment = i.environment
                  AND q.status = 'queued' AND q.seq < i.seq)
               + (SELECT count(*) FROM inserted o
                  WHERE o.project_id = i.project_id AND o.environment = i.environment
                    AND o.seq < i.seq))::int ORDER BY i.seq)
  INTO ids, seqs, ahead
  FROM inserted i;
  IF ids IS NULL THEN
    RETURN;
  END IF;
  SELECT jsonb_agg(t.value -> 'auditEvent' ORDER BY t.n) INTO events
  FROM jsonb_array_elements(p_rows) WITH ORDINALITY AS t(value, n)
  WHERE t.value ->> 'id' = ANY (ids);
  PERFORM grape_audit_append(p_at, events);
  RETURN QUERY SELECT * FROM unnest(ids, seqs, ahead);
END
$$;
