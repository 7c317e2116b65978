/**
 * Tells the dispatcher how the run ended: POST the report to the spec's callback URL, authenticated
 * by this run's own GitHub OIDC token (audience from the spec), so no shared secret exists. A
 * report that cannot be delivered is a warning, never a job failure: the dispatcher also follows
 * the run through GitHub's webhooks and its reconcile poll.
 */
import type { RunReport } from '../../contract/run-report.js';
import { errorMessage } from '../errors.js';
import { getOidcToken } from '../identity/oidc-token.js';
import type { ActionsIO } from '../runner/actions-io.js';
import { proxyFetch } from '../runner/proxy.js';

export interface PostReportDeps {
  readonly io: ActionsIO;
  readonly env: NodeJS.ProcessEnv;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

/** Returns true when the dispatcher accepted the report. */
export async function postReport(
  callback: { readonly url: string; readonly audience: string },
  report: RunReport,
  { io, env, fetch: fetchImpl = proxyFetch, timeoutMs = 15_000 }: PostReportDeps,
): Promise<boolean> {
  const url = callback.url;
  if (!env['ACTIONS_ID_TOKEN_REQUEST_URL']) {
    // Not on a runner that can prove who it is (the dispatcher's local executor reads the
    // `report` output instead): nothing to send, nothing to warn about.
    io.info(
      `No OIDC token available: the report for ${report.deploymentId} is in the 'report' output only.`,
    );
    return false;
  }
  try {
    const token = await getOidcToken(io, env, callback.audience);
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(report),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.ok) {
      io.info(`Reported '${report.status}' for ${report.deploymentId} to the dispatcher.`);
      return true;
    }
    const text = (await response.text()).slice(0, 300);
    io.warning(
      `The dispatcher refused the report for ${report.deploymentId} (HTTP ${response.status} from ${url}): ${text}. The deployment's status will come from GitHub's webhooks instead.`,
    );
  } catch (error) {
    io.warning(
      `Could not report to the dispatcher at ${url}: ${errorMessage(error)}. The deployment's status will come from GitHub's webhooks instead.`,
    );
  }
  return false;
}
