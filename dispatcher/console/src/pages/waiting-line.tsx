/**
 * What a deployment waits for (the `waiting` of GET /v1/deployments/:id/logs, derived from real
 * state: the deployment ahead in its environment, a runner, an environment's reviewer, an
 * approval), read again at each change of the deployment and every few seconds while it waits.
 */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';

const REFRESH_MS = 5000;

export function WaitingLine({ id, version }: { id: string; version: string }) {
  const [waiting, setWaiting] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    void api<{ waiting: string | null }>('GET', `/v1/deployments/${id}/logs?after=999999999`).then(
      (l) => live && setWaiting(l.waiting),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [id, version, tick]);
  useEffect(() => {
    if (waiting === null) return;
    const timer = setTimeout(() => setTick((n) => n + 1), REFRESH_MS);
    return () => clearTimeout(timer);
  }, [waiting, tick]);
  return waiting === null ? null : (
    <p class="muted" role="status" data-testid="waiting">
      {waiting}
    </p>
  );
}
