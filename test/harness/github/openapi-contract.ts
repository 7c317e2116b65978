/**
 * GitHub's official REST description (@octokit/openapi) as an executable contract: finds the
 * operation for a method + path, and validates request and response bodies against its schemas.
 * The stand-in calls this on every exchange, so a request our product sends, or a response the
 * stand-in invents, that GitHub's description does not allow is a recorded violation.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { normalizeNullable } from './openapi-nullable.js';

interface Operation {
  readonly operationId: string;
  readonly method: string;
  readonly template: string;
  readonly pattern: RegExp;
  readonly paramNames: readonly string[];
  readonly pointer: string;
  readonly spec: {
    requestBody?: { content?: Record<string, { schema?: unknown }> };
    responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  };
}

export interface MatchedOperation {
  readonly operationId: string;
  readonly template: string;
  readonly params: Readonly<Record<string, string>>;
}

type Spec = { paths: Record<string, Record<string, Operation['spec'] & { operationId: string }>> };

const escapePointer = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

export class OpenApiContract {
  private readonly operations: Operation[] = [];
  private readonly byId = new Map<string, Operation>();
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(spec: Spec) {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true, logger: false });
    (addFormats as unknown as (ajv: Ajv) => void)(this.ajv);
    normalizeNullable(spec);
    this.ajv.addSchema(spec as object, 'github');
    for (const [template, methods] of Object.entries(spec.paths)) {
      const paramNames: string[] = [];
      const pattern = new RegExp(
        `^${template
          .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
          .replace(/\\?\{([^}]+)\\?\}/g, (_m, name: string) => {
            paramNames.push(name);
            return name === 'path' || name === 'ref' ? '(.+?)' : '([^/]+)';
          })}$`,
      );
      for (const [method, op] of Object.entries(methods)) {
        if (!op || typeof op !== 'object' || !('operationId' in op)) continue;
        const operation: Operation = {
          operationId: op.operationId,
          method: method.toUpperCase(),
          template,
          pattern,
          paramNames,
          pointer: `#/paths/${escapePointer(template)}/${method}`,
          spec: op,
        };
        this.operations.push(operation);
        this.byId.set(op.operationId, operation);
      }
    }
    // Literal segments beat parameters: '/repos/{o}/{r}/git/refs' before '/repos/{o}/{r}/{x}'.
    this.operations.sort((a, b) => a.paramNames.length - b.paramNames.length);
  }

  match(method: string, path: string): MatchedOperation | undefined {
    for (const op of this.operations) {
      if (op.method !== method.toUpperCase()) continue;
      const m = op.pattern.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      op.paramNames.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1]!)));
      return { operationId: op.operationId, template: op.template, params };
    }
    return undefined;
  }

  /** Problems with a request body, or [] when it conforms. */
  validateRequest(operationId: string, body: unknown): string[] {
    const op = this.byId.get(operationId);
    if (!op) return [`unknown operation ${operationId}`];
    const content = op.spec.requestBody?.content?.['application/json'];
    if (!content) return body === undefined ? [] : [];
    if (body === undefined)
      return op.spec.requestBody ? ['request body required by the description is missing'] : [];
    return this.validate(`${op.pointer}/requestBody/content/application~1json/schema`, body);
  }

  /** Problems with a response, or [] when it conforms. */
  validateResponse(operationId: string, status: number, body: unknown): string[] {
    const op = this.byId.get(operationId);
    if (!op) return [`unknown operation ${operationId}`];
    const response = op.spec.responses[String(status)] ?? op.spec.responses['default'];
    if (!response)
      return [
        `status ${status} is not a documented response of ${operationId} (documented: ${Object.keys(op.spec.responses).join(', ')})`,
      ];
    const key = op.spec.responses[String(status)] ? String(status) : 'default';
    if (!response.content?.['application/json']?.schema)
      return body === undefined || body === ''
        ? []
        : [`${operationId} ${status} has no body in the description`];
    return this.validate(`${op.pointer}/responses/${key}/content/application~1json/schema`, body);
  }

  private validate(pointer: string, body: unknown): string[] {
    let validate = this.validators.get(pointer);
    if (!validate) {
      try {
        validate = this.ajv.compile({ $ref: `github${pointer}` });
      } catch (error) {
        return [`the stand-in could not compile ${pointer}: ${String(error)}`];
      }
      this.validators.set(pointer, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? [])
      .slice(0, 10)
      .map((e) => `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}`);
  }
}

let cached: OpenApiContract | undefined;

/** The api.github.com description, parsed once per test process. */
export function githubContract(): OpenApiContract {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
    cached = new OpenApiContract(JSON.parse(readFileSync(file, 'utf8')) as Spec);
  }
  return cached;
}
