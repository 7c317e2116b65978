/**
 * Errors the API answers with. 4xx bodies name the field, the problem and what a good value looks
 * like; 5xx bodies say only that it failed, with the request id to find it in the logs.
 */
export interface Problem {
  readonly field: string;
  readonly problem: string;
  readonly expected?: string;
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly problems: readonly Problem[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: string): HttpError =>
  new HttpError(404, 'not_found', `No ${what} '${id}' (or it belongs to another tenant).`);

export const forbidden = (message: string): HttpError => new HttpError(403, 'forbidden', message);

export const conflict = (message: string): HttpError => new HttpError(409, 'conflict', message);

export const invalid = (field: string, problem: string, expected: string): HttpError =>
  new HttpError(422, 'invalid_request', `${field}: ${problem}`, [{ field, problem, expected }]);
