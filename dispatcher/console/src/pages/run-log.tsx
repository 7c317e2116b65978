/**
 * The run's log (GET /v1/deployments/:id/log), fetched when the reader opens it and again at each
 * change of the deployment while open. With the GitHub executor the API says where the log is.
 */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorLine } from './common.js';

export function RunLog({ id, version }: { id: string; version: string }) {
  const [open, setOpen] = useState(false);
  const [log, setLog] = useState<{ log: string; complete: boolean } | undefined>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (open)
      void api<{ log: string; complete: boolean }>('GET', `/v1/deployments/${id}/log`).then(
        (l) => (setLog(l), setError(undefined)),
        setError,
      );
  }, [open, id, version]);
  return (
    <details onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>Run log</summary>
      <ErrorLine error={error} />
      {log && (
        <>
          <pre class="log" tabIndex={0} aria-label="Run log">
            {log.log || '(empty)'}
          </pre>
          {!log.complete && <p class="muted">The run is still going; this follows it.</p>}
        </>
      )}
    </details>
  );
}
