/** The audit log (admins): the newest events, and whether the hash chain verifies. */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorLine, When } from './common.js';

interface AuditEvent {
  seq: number;
  at: string;
  actor: string;
  action: string;
  objectType: string;
  objectId: string;
  sourceIp: string | null;
}
interface Verification {
  ok: boolean;
  events: number;
  keyed: boolean;
  anchored: boolean;
  brokenAt?: number;
  reason?: string;
  warnings: string[];
}

export function AuditPage() {
  const [items, setItems] = useState<AuditEvent[] | undefined>();
  const [verdict, setVerdict] = useState<Verification | undefined>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    void api<{ items: AuditEvent[] }>('GET', '/v1/audit?limit=100').then(
      (r) => setItems(r.items),
      setError,
    );
    void api<Verification>('GET', '/v1/audit/verification').then(setVerdict, setError);
  }, []);
  return (
    <>
      <h1>Audit log</h1>
      {verdict && (
        <p class={verdict.ok ? 'card ok' : 'card error'} role="status" data-testid="audit-verdict">
          {verdict.ok
            ? `Chain verified: ${verdict.events} events${verdict.keyed ? ', MACs checked with the audit key' : ''}${verdict.anchored ? ', head matches the anchor' : ''}.`
            : `Chain broken at event ${verdict.brokenAt}: ${verdict.reason}`}
          {verdict.warnings.map((w) => (
            <span class="muted"> {w}</span>
          ))}
        </p>
      )}
      <ErrorLine error={error} />
      {items && (
        <div class="scroll">
          <table aria-label="Audit events">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Object</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr>
                  <td>{e.seq}</td>
                  <td>
                    <When at={e.at} />
                  </td>
                  <td>{e.actor}</td>
                  <td>{e.action}</td>
                  <td>
                    <code>{e.objectId}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
