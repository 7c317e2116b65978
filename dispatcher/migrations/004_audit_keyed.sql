-- The audit chain keyed with a secret that does not live in the database (dispatcher/src/audit/
-- audit-seal.ts): each event's `mac` is HMAC-SHA256(GRAPE_AUDIT_KEY, "<seq>:<hash>"), written in
-- the transaction that appends it. Events from before keying started keep `mac` NULL and stay
-- verifiable as a plain hash chain; `keyed_from` is the last of them (set, with a MAC of its own,
-- by the first dispatcher that starts with a key), so a writer cannot move the start unnoticed.
ALTER TABLE audit_events ADD COLUMN mac text;
ALTER TABLE audit_head ADD COLUMN keyed_from bigint;
ALTER TABLE audit_head ADD COLUMN keyed_from_mac text;
-- Finds the events a transaction appended and has not sealed yet.
CREATE INDEX audit_unsealed ON audit_events (seq) WHERE mac IS NULL;
