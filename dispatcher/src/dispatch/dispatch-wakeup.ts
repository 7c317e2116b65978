/**
 * Wakes this replica's dispatch loop when any replica queues work: migration 005's triggers send
 * `NOTIFY grape_dispatch` when a deployment is queued or an active one ends, delivered at commit.
 * The interval poll stays as the fallback for while the listening connection is down (said once
 * per outage in the log).
 */
import type { Db } from '../store/db.js';
import type { Log } from './dispatch-deps.js';

export const DISPATCH_CHANNEL = 'grape_dispatch';

export function listenForDispatchWork(
  db: Db,
  wake: () => void,
  log: Log,
): Promise<() => Promise<void>> {
  let listening = true;
  return db.listen(DISPATCH_CHANNEL, {
    onMessage: wake,
    onListening(now) {
      if (now === listening) return;
      listening = now;
      if (now) {
        log.info({}, 'dispatch wake-ups flow again');
        wake(); // whatever was queued while deaf
      } else
        log.warn(
          {},
          'dispatch wake-ups (LISTEN grape_dispatch) lost; new deployments wait for the poll until the connection is back',
        );
    },
  });
}
