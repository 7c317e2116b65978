/** The CLI's client of the dispatcher's HTTP API: GRAPE_URL and GRAPE_TOKEN, errors as CliErrors. */
import { CliError, type CliIO } from './cli-io.js';

/** What the API answers, typed from the schemas it is validated and documented with. */
export type { DeploymentLog, DeploymentView } from '../schemas/deployment-schemas.js';

export type ApiCall = <T>(
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<T>;

/** The API, or a CliError naming the missing variable. */
export function apiClient(io: CliIO): ApiCall {
  const url = io.env['GRAPE_URL']?.replace(/\/+$/, '');
  const token = io.env['GRAPE_TOKEN'];
  if (!url)
    throw new CliError(
      'GRAPE_URL is not set: export the dispatcher URL, e.g. GRAPE_URL=http://127.0.0.1:8787.',
    );
  if (!/^https?:\/\/[^/\s]+/.test(url))
    throw new CliError(
      `GRAPE_URL '${url}' is not an http(s) URL: use e.g. GRAPE_URL=http://127.0.0.1:8787.`,
    );
  if (!token)
    throw new CliError(
      'GRAPE_TOKEN is not set: export an API token (`grape token create`, or the one `npm start` printed on its first start).',
    );
  return async <T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> => {
    let response: Response;
    try {
      response = await io.fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      throw new CliError(
        `Could not reach ${url}: ${(error as Error).message}. Is the dispatcher running (npm start)?`,
      );
    }
    const json = (await response.json().catch(() => ({}))) as T & { message?: string };
    if (!response.ok) {
      const retry = response.headers.get('retry-after');
      throw new CliError(
        `The dispatcher answered ${response.status}: ${json.message ?? 'no details'}${retry ? ` (retry after ${retry}s)` : ''}`,
      );
    }
    return json;
  };
}
