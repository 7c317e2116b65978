/** Hands the session to later steps: outputs always; environment variables when configured. */
import type { ActionsIO } from '../runner/actions-io.js';
import type { AwsSession } from './obtain-credentials.js';

export const EXPORTED_STATE = 'grape-exported-credentials';
export const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
] as const;

export function publishSession(io: ActionsIO, session: AwsSession, exportToEnv: boolean): void {
  if (session.accountId) io.setOutput('aws-account-id', session.accountId);
  const expiration = session.credentials?.expiration;
  if (expiration) io.setOutput('aws-session-expiration', expiration.toISOString());
  if (session.region) {
    io.exportVariable('AWS_REGION', session.region);
    io.exportVariable('AWS_DEFAULT_REGION', session.region);
  }
  const credentials = session.credentials;
  if (!exportToEnv || !credentials) return;
  // Masked again here on purpose: this must hold even if a caller forgot.
  io.setSecret(credentials.accessKeyId);
  io.setSecret(credentials.secretAccessKey);
  if (credentials.sessionToken) io.setSecret(credentials.sessionToken);
  io.exportVariable('AWS_ACCESS_KEY_ID', credentials.accessKeyId);
  io.exportVariable('AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey);
  if (credentials.sessionToken) io.exportVariable('AWS_SESSION_TOKEN', credentials.sessionToken);
  io.saveState(EXPORTED_STATE, 'true');
  io.info('Exported AWS credentials for the later steps of this job (cleared by the post step).');
}

/** Environment for child processes (terraform): the session's credentials, never exported. */
export function credentialEnv(session: AwsSession): Record<string, string> {
  const env: Record<string, string> = {};
  if (session.region) {
    env['AWS_REGION'] = session.region;
    env['AWS_DEFAULT_REGION'] = session.region;
  }
  const c = session.credentials;
  if (c) {
    env['AWS_ACCESS_KEY_ID'] = c.accessKeyId;
    env['AWS_SECRET_ACCESS_KEY'] = c.secretAccessKey;
    if (c.sessionToken) env['AWS_SESSION_TOKEN'] = c.sessionToken;
  }
  return env;
}
