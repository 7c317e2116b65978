/**
 * What the main step leaves for the post step in saved state (`STATE_*`), so the post step can
 * finish a run the runner cancelled: the runner sends SIGINT, waits 7.5 s, sends SIGTERM, waits
 * 2.5 s and then kills the node process only (actions/runner src/Runner.Sdk/ProcessInvoker.cs,
 * `_sigintTimeout` / `_sigtermTimeout`), and the post step still runs: its condition defaults
 * to `always()` (src/Runner.Worker/ActionManifestManager.cs, `CleanupCondition`).
 */

/** `started` when the main step began, `finished` once it has reported and is about to exit. */
export const MAIN_STATE = 'grape-main';
/** Pid of the engine command running now ('' between commands). */
export const ENGINE_PID_STATE = 'grape-engine-pid';
/** The temporary paths the post step deletes (a JSON array; see temp-paths.ts). */
export const TEMP_PATHS_STATE = 'grape-temp-paths';
/** Where the report goes: `{url, audience, deploymentId}` (spec runs only). */
export const REPORT_STATE = 'grape-report-target';

export interface ReportTarget {
  readonly url: string;
  readonly audience: string;
  readonly deploymentId: string;
}
