/**
 * A deployment's timeline: each status it took, who moved it there and when, from its audit events
 * (GET /v1/deployments/:id/events), fetched again at each change of the deployment.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, type Deployment } from '../api.js';
import { ErrorLine, When } from './common.js';

interface HistoryEvent {
  seq: number;
  at: string;
  action: string;
  status: string | null;
  actor: string;
  reason: string | null;
}

interface History {
  items: HistoryEvent[];
  truncated: boolean;
}

export function Timeline({ d }: { d: Deployment }) {
  const [history, setHistory] = useState<History | undefined>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    void api<History>('GET', `/v1/deployments/${d.id}/events`).then(
      (h) => (setHistory(h), setError(undefined)),
      setError,
    );
  }, [d.id, d.updatedAt]);
  if (!history) return error ? <ErrorLine error={error} /> : <p class="muted">Loading…</p>;
  return (
    <>
      <ol class="timeline" aria-label="Timeline">
        {history.items.map((e) => (
          <li key={e.seq} data-testid="timeline-step" data-status={e.status ?? ''}>
            <strong class="step">{e.status ?? e.action}</strong> by{' '}
            <span class="actor">{e.actor}</span> <When at={e.at} />
            {e.action === 'deployment.approve' && d.approves && (
              <span class="muted"> approving plan {d.approves}</span>
            )}
            {e.reason && <span class="muted"> {e.reason}</span>}
          </li>
        ))}
      </ol>
      {history.truncated && <p class="muted">Only the oldest events are shown.</p>}
      <ErrorLine error={error} />
    </>
  );
}
