-- Appending to the audit chain becomes one server-side call, so a whole batch of events (and the
-- write they record, in the same statement) pays for one lock of the chain head and one commit.
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
