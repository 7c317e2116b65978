/** Fetches the workflow's GitHub OIDC token, explaining the usual reason it is missing. */
import { GrapeError, errorMessage } from '../errors.js';
import type { ActionsIO } from '../runner/actions-io.js';

export const MISSING_PERMISSION =
  'The GitHub OIDC token is not available to this job: ACTIONS_ID_TOKEN_REQUEST_URL is not set. Add this to the job (or the workflow):\n' +
  '  permissions:\n    id-token: write\n    contents: read\n' +
  'Workflows triggered by pull requests from forks never get an OIDC token.';

export async function getOidcToken(
  io: ActionsIO,
  env: NodeJS.ProcessEnv,
  audience: string,
): Promise<string> {
  if (!env['ACTIONS_ID_TOKEN_REQUEST_URL'] || !env['ACTIONS_ID_TOKEN_REQUEST_TOKEN']) {
    throw new GrapeError(MISSING_PERMISSION);
  }
  try {
    const token = await io.getIDToken(audience);
    io.setSecret(token);
    return token;
  } catch (error) {
    throw new GrapeError(
      `Could not get the GitHub OIDC token for audience '${audience}': ${errorMessage(error)}. ` +
        "Check that the job has 'permissions: id-token: write' and re-run it.",
      { cause: error },
    );
  }
}
