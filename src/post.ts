/**
 * The post step: finishes a run the runner cancelled (waits for the engine to release the state
 * lock, reports the cancel), then takes back what the main step handed out (exported
 * credentials, temporary files).
 */
import { errorMessage } from './errors.js';
import { CLOUD_EXPORTS_STATE } from './identity/cloud-exports.js';
import { CREDENTIAL_VARIABLES, EXPORTED_STATE } from './identity/export-credentials.js';
import { finishCancelledRun, type FinishDeps } from './report/finish-cancelled-run.js';
import { coreIO, type ActionsIO } from './runner/actions-io.js';
import { removeTempPath } from './runner/remove-temp-path.js';
import { MAIN_STATE, TEMP_PATHS_STATE } from './runner/run-state.js';
import { spawnProcess } from './process/spawn-process.js';
import { reapAfterCancel } from './terraform/isolation/reap-after-cancel.js';

export async function runPost(
  io: ActionsIO = coreIO(),
  deps: FinishDeps = { env: process.env },
): Promise<void> {
  try {
    // First: the engine may still be using the temporary files deleted below.
    const stopped = io.getState(MAIN_STATE) === 'started';
    await finishCancelledRun(io, deps);
    // Then what a module left running when the runner killed the main step mid-command.
    if (stopped) await reapAfterCancel(io, spawnProcess);
    if (io.getState(EXPORTED_STATE) === 'true') {
      for (const name of CREDENTIAL_VARIABLES) io.exportVariable(name, '');
      io.info('Cleared the AWS credentials exported by the main step.');
    }
    const cloudVariables = io.getState(CLOUD_EXPORTS_STATE);
    if (cloudVariables !== '') {
      for (const name of JSON.parse(cloudVariables) as string[]) io.exportVariable(name, '');
      io.info('Cleared the Google Cloud / Azure variables exported by the main step.');
    }
    const paths = io.getState(TEMP_PATHS_STATE);
    for (const path of paths === '' ? [] : (JSON.parse(paths) as string[])) {
      await removeTempPath(path);
    }
  } catch (error) {
    // A failing clean-up must not hide the job's real result.
    io.warning(`Grape's post step could not clean up: ${errorMessage(error)}`);
  }
}
