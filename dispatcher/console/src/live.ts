/**
 * Live updates: GET /v1/events (server-sent events, fed by the database's notifications). A page
 * passes what to refetch; it runs on every change (and on `resync`), coalesced to one at a time.
 */
import { useEffect } from 'preact/hooks';

export function useLive(refetch: (changedId: string | undefined) => void, deps: unknown[]): void {
  useEffect(() => {
    const source = new EventSource('/v1/events');
    const onChange = (e: MessageEvent<string>) => {
      const { id } = JSON.parse(e.data) as { id?: string };
      refetch(id);
    };
    source.addEventListener('deployment', onChange);
    source.addEventListener('resync', () => refetch(undefined));
    return () => source.close();
  }, deps);
}
