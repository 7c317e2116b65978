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
  e jsonb;
BEGIN
  IF p_events IS NULL OR jsonb_array_length(p_events) = 0 THEN
    RETURN;
  END IF;
  SELECT h.seq, h.hash INTO head_seq, head_hash FROM audit_head h WHERE h.id = 1 FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'audit_head row missing: the migrations did not run';
  END IF;
  FOR e IN SELECT t.value FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(value, n)
    ORDER BY t.n LOOP
    event_seq := head_seq + 1;
    event_prev_hash := head_hash;
    event_hash := encode(sha256(convert_to(head_hash || (e ->> 'content'), 'UTF8')), 'hex');
    INSERT INTO audit_events (seq, at, tenant_id, actor, action, object_type, object_id,
      source_ip, request_id, data, prev_hash, hash)
    VALUES (event_seq, p_at, e ->> 'tenantId', e ->> 'actor', e ->> 'action', e ->> 'objectType',
      e ->> 'objectId', e ->> 'sourceIp', e ->> 'requestId', e -> 'data', event_prev_hash,
      event_hash);
    head_seq := event_seq;
    head_hash := event_hash;
    RETURN NEXT;
  END LOOP;
  UPDATE audit_head SET seq = head_seq, hash = head_hash WHERE id = 1;
END
$$;
