/** The one error handler: every failure becomes a JSON body of one shape. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { MULTILINE_TEXT_PATTERN, firstUnsafeCharacter } from '../../../contract/text-pattern.js';
import { NameTakenError } from '../store/name-taken-error.js';
import { HttpError, type Problem } from './http-error.js';

interface AjvError {
  instancePath?: string;
  schemaPath?: string;
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
    anyOf?: { const?: unknown; type?: unknown }[];
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

/** The values a union of constants (TypeBox `Type.Union` of literals) accepts, if it is one. */
function constChoices(e: AjvError): unknown[] | undefined {
  const branches = e.keyword === 'anyOf' ? e.parentSchema?.anyOf : undefined;
  return branches?.length && branches.every((b) => 'const' in b)
    ? branches.map((b) => b.const)
    : undefined;
}

/** Which branch of a nullable union (`Type.Union([X, Type.Null()])`) is the null, if it is one. */
function nullBranch(e: AjvError): number | undefined {
  const branches = e.keyword === 'anyOf' ? e.parentSchema?.anyOf : undefined;
  const index = branches?.length === 2 ? branches.findIndex((b) => b.type === 'null') : -1;
  return index >= 0 ? index : undefined;
}

/**
 * A union fails with the errors of every branch plus its own. A union of constants ("must be
 * equal to constant", seven times for a status): keep its own only, which names the allowed values
 * once. A nullable X: keep X's errors only ("must be null" and "must match a schema in anyOf" say
 * nothing a client can act on).
 */
function withoutBranchErrors(errors: readonly AjvError[]): AjvError[] {
  const constUnions = errors.filter((e) => constChoices(e) && e.schemaPath);
  const nullables = errors.filter((e) => nullBranch(e) !== undefined && e.schemaPath);
  return errors.filter(
    (e) =>
      !constUnions.some(
        (u) => e.instancePath === u.instancePath && e.schemaPath?.startsWith(`${u.schemaPath}/`),
      ) &&
      !nullables.some(
        (u) => e === u || e.schemaPath?.startsWith(`${u.schemaPath}/${nullBranch(u)}/`),
      ),
  );
}

export function validationProblems(errors: readonly AjvError[], context: string): Problem[] {
  return withoutBranchErrors(errors)
    .slice(0, 10)
    .map((e) => {
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
      const choices = constChoices(e);
      const problem = choices
        ? `must be one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`
        : extra
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
  if (error instanceof NameTakenError) {
    void reply.code(409).send({
      error: 'conflict',
      message: error.message,
      problems: [
        {
          field: `body.${error.field}`,
          problem: `is already taken by another ${error.kind}`,
          expected: `a ${error.kind} name not in use`,
        },
      ],
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
