-- Claim on create in the creating statement: one round trip instead of five (a savepoint, the
-- claim, its audit append, the release, and reading the new events back to seal them).
-- Measured in docs/benchmarks.md, "Fewer round trips per deployment".

-- The dispatch claim (dispatcher/src/store/claim-dispatchable.ts), defined once for the dispatch
-- loop and for creation: up to p_limit dispatchable deployments, among p_among when given, marked
-- `dispatching` (a new attempt, its start recorded). Dispatchable: the oldest queued deployment of
-- a (project, environment) with nothing active and no `not_before` in the future. Rows another
-- transaction holds are skipped (FOR UPDATE SKIP LOCKED), and the one-active-per-environment index
-- refuses a second active row, so two replicas can never both win one.
CREATE FUNCTION grape_claim(p_at timestamptz, p_limit int, p_among text[])
RETURNS SETOF deployments
-- plpgsql, not sql: PL/pgSQL keeps each statement's plan for the session, where a LANGUAGE sql
-- function called from a query is planned again on every call (measured: ~0.9 ms a call). Two
-- statements, so that each keeps the plan that suits it: the candidates given (by primary key),
-- or every queued row. `OFFSET 0` keeps "nothing active" a probe of the one-active index per
-- candidate: as an anti-join the planner scanned every active deployment on each claim.
LANGUAGE plpgsql AS $$
BEGIN
  IF p_among IS NOT NULL THEN
    RETURN QUERY
    UPDATE deployments SET status = 'dispatching', attempts = attempts + 1,
      dispatch_started_at = p_at, updated_at = p_at, not_before = NULL
    WHERE id IN (
      SELECT q.id FROM deployments q
      WHERE q.id = ANY (p_among) AND q.status = 'queued'
        AND (q.not_before IS NULL OR q.not_before <= p_at)
        AND q.seq = (SELECT min(f.seq) FROM deployments f
                     WHERE f.project_id = q.project_id AND f.environment = q.environment
                       AND f.status = 'queued')
        AND NOT EXISTS (SELECT 1 FROM deployments a
                        WHERE a.project_id = q.project_id AND a.environment = q.environment
                          AND a.status IN ('dispatching', 'running')
                        OFFSET 0)
      ORDER BY q.seq LIMIT p_limit
      FOR UPDATE SKIP LOCKED)
    RETURNING *;
    RETURN;
  END IF;
  RETURN QUERY
  UPDATE deployments SET status = 'dispatching', attempts = attempts + 1,
    dispatch_started_at = p_at, updated_at = p_at, not_before = NULL
  WHERE id IN (
    SELECT q.id FROM deployments q
    WHERE q.status = 'queued' AND (q.not_before IS NULL OR q.not_before <= p_at)
      AND q.seq = (SELECT min(f.seq) FROM deployments f
                   WHERE f.project_id = q.project_id AND f.environment = q.environment
                     AND f.status = 'queued')
      AND NOT EXISTS (SELECT 1 FROM deployments a
                      WHERE a.project_id = q.project_id AND a.environment = q.environment
                        AND a.status IN ('dispatching', 'running')
                      OFFSET 0)
    ORDER BY q.seq LIMIT p_limit
    FOR UPDATE SKIP LOCKED)
  RETURNING *;
END
$$;

-- grape_create_deployments (migration 003), and now:
-- * each row's audit events come back with it (audit_seqs, audit_hashes), so the caller seals
--   them (dispatcher/src/audit/sealing-db.ts) without reading them back;
-- * with p_claim > 0, the new rows that are dispatchable are claimed for the calling replica
--   (at most p_claim), each with the `deployment.dispatching` event its row carries as
--   `claimEvent`. The claim runs in a block of its own: whatever refuses it (another replica's
--   claim of the same environment under the one-active index), the rows stay queued and the
--   creation stands. `claimed` says which rows were taken.
DROP FUNCTION grape_create_deployments(timestamptz, jsonb);

CREATE FUNCTION grape_create_deployments(p_at timestamptz, p_rows jsonb, p_claim int DEFAULT 0)
RETURNS TABLE (created_id text, created_seq bigint, queued_ahead int, claimed boolean,
               audit_seqs bigint[], audit_hashes text[])
LANGUAGE plpgsql AS $$
DECLARE
  ids text[];
  seqs bigint[];
  ahead int[];
  events jsonb;
  taken text[] := '{}';
  created_events bigint[];
  created_hashes text[];
  claim_events bigint[] := '{}';
  claim_hashes text[] := '{}';
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
  -- The events come back in the order given, which is the rows' seq order.
  SELECT array_agg(a.event_seq ORDER BY a.event_seq), array_agg(a.event_hash ORDER BY a.event_seq)
  INTO created_events, created_hashes
  FROM grape_audit_append(p_at, events) a;
  IF p_claim > 0 THEN
    BEGIN
      SELECT coalesce(array_agg(c.id ORDER BY c.seq), '{}') INTO taken
      FROM grape_claim(p_at, p_claim, ids) c;
      IF cardinality(taken) > 0 THEN
        SELECT jsonb_agg(t.value -> 'claimEvent' ORDER BY array_position(taken, t.value ->> 'id'))
        INTO events
        FROM jsonb_array_elements(p_rows) t
        WHERE t.value ->> 'id' = ANY (taken);
        SELECT array_agg(a.event_seq ORDER BY a.event_seq),
               array_agg(a.event_hash ORDER BY a.event_seq)
        INTO claim_events, claim_hashes
        FROM grape_audit_append(p_at, events) a;
      END IF;
    EXCEPTION WHEN OTHERS THEN
      taken := '{}';
      claim_events := '{}';
      claim_hashes := '{}';
    END;
  END IF;
  RETURN QUERY
  SELECT u.id, u.seq, u.ahead, c.k IS NOT NULL,
    CASE WHEN c.k IS NULL THEN ARRAY[created_events[u.n]]
         ELSE ARRAY[created_events[u.n], claim_events[c.k]] END,
    CASE WHEN c.k IS NULL THEN ARRAY[created_hashes[u.n]]
         ELSE ARRAY[created_hashes[u.n], claim_hashes[c.k]] END
  FROM unnest(ids, seqs, ahead) WITH ORDINALITY AS u(id, seq, ahead, n)
  LEFT JOIN LATERAL (SELECT array_position(taken, u.id) AS k) c ON c.k IS NOT NULL
  ORDER BY u.n;
END
$$;
