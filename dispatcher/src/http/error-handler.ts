/** The one error handler: every failure becomes a JSON body of one shape. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  MULTILINE_TEXT_PATTERN,
  firstUnsafeCharacter,
} from '../../../src/contract/text-pattern.js';
import { HttpError, type Problem } from './http-error.js';

interface AjvError {
  instancePath?: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
  /** The failing value (Ajv's `verbose`). */
  data?: unknown;
  parentSchema?: {
    patternProperties?: Record<string, unknown>;
    description?: string;
    examples?: unknown[];
    pattern?: string;
    enum?: unknown[];
    anyOf?: { const?: unknown }[];
  };
}

/** What a good value looks like, from the schema the value failed. */
function expected(e: AjvError): string {
  const schema = e.parentSchema ?? {};
  if (e.keyword === 'additionalProperties') {
    const names = Object.keys(schema.patternProperties ?? {});
    return names.length > 0
      ? `names matching ${names.join(' or ')}`
      : 'only the documented fields (see /openapi.json)';
  }
  const choices = schema.enum ?? schema.anyOf?.map((s) => s.const).filter((c) => c !== undefined);
  if (choices && choices.length > 0)
    return `one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`;
  const example = schema.examples?.[0];
  const parts = [
    schema.description,
    example !== undefined ? `e.g. ${JSON.stringify(example)}` : undefined,
    schema.pattern && !example ? `matching ${schema.pattern}` : undefined,
  ];
  return parts.filter(Boolean).join(', ') || 'a value matching the schema in /openapi.json';
}

export function validationProblems(errors: readonly AjvError[], context: string): Problem[] {
  return errors.slice(0, 10).map((e) => {
    const base = `${context}${e.instancePath ?? ''}`.replace(/\//g, '.');
    const missing = e.params['missingProperty'];
    const extra = e.params['additionalProperty'];
    const field = missing
      ? `${base}.${String(missing)}`
      : extra
        ? `${base}.${String(extra)}`
        : base;
    // A control character or lone surrogate: say which and where, not the pattern.
    const unsafe =
      e.keyword === 'pattern' && typeof e.data === 'string'
        ? firstUnsafeCharacter(e.data, e.parentSchema?.pattern === MULTILINE_TEXT_PATTERN)
        : undefined;
    if (unsafe)
      return {
        field,
        problem: `contains ${unsafe.what} at index ${unsafe.index}`,
        expected: 'text without control characters (NUL included) or lone surrogates',
      };
    const problem = extra
      ? e.parentSchema?.patternProperties
        ? 'is not an accepted name'
        : 'is not a known field'
      : missing
        ? 'is required'
        : (e.message ?? 'is invalid');
    return { field, problem, expected: expected(e) };
  });
}

export function errorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const requestId = request.id;
  if (error instanceof HttpError) {
    void reply
      .code(error.statusCode)
      .headers(error.headers)
      .send({
        error: error.code,
        message: error.message,
        ...(error.problems.length ? { problems: error.problems } : {}),
        requestId,
      });
    return;
  }
  if (error.validation) {
    const problems = validationProblems(
      error.validation as unknown as AjvError[],
      error.validationContext ?? 'body',
    );
    void reply.code(400).send({
      error: 'invalid_request',
      message: problems.map((p) => `${p.field} ${p.problem}`).join('; '),
      problems,
      requestId,
    });
    return;
  }
  const status = error.statusCode ?? 500;
  if (status < 500) {
    // Fastify's own 4xx: body too large, bad JSON, unsupported media type.
    void reply
      .code(status)
      .send({ error: error.code ?? 'bad_request', message: error.message, requestId });
    return;
  }
  request.log.error({ err: error }, 'request failed');
  void reply.code(500).send({
    error: 'internal',
    message: 'Internal error; the request id identifies it in the logs.',
    requestId,
  });
}
