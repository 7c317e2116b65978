/** Schema pieces shared by routes: one source for validation, types and /openapi.json. */
import { Type } from '@sinclair/typebox';
import {
  ENVIRONMENT_PATTERN,
  ID_PATTERN,
  REGION_PATTERN,
  REPOSITORY_PATTERN,
  ROLE_ARN_PATTERN,
} from '../../../contract/deployment-spec.js';
import { TEXT_PATTERN, textPatternExcluding } from '../../../contract/text-pattern.js';

/**
 * Free text: any characters but control characters and lone surrogates (text-pattern.ts). Every
 * string field without a stricter pattern of its own is one of these.
 */
export const Text = (options: { minLength?: number; maxLength: number; examples?: string[] }) =>
  Type.String({ ...options, pattern: TEXT_PATTERN });

export const strict = { additionalProperties: false } as const;

export const IdParam = Type.Object(
  {
    id: Type.String({
      pattern: ID_PATTERN,
      description: 'An id such as dep_…, prj_… or tok_…',
      examples: ['dep_3f9c0a1b2c3d4e5f6a7b'],
    }),
  },
  strict,
);

export const Environment = Type.String({
  pattern: ENVIRONMENT_PATTERN,
  description: 'A lower-case environment name',
  examples: ['prod'],
});
export const Slug = Type.String({
  pattern: ID_PATTERN,
  description: 'A name of letters, digits, ".", "_" or "-"',
  examples: ['network'],
});
export const Repository = Type.String({
  pattern: REPOSITORY_PATTERN,
  description: 'A GitHub repository',
  examples: ['acme/infra'],
});
export const RoleArn = Type.String({
  pattern: ROLE_ARN_PATTERN,
  description: 'An IAM role ARN',
  examples: ['arn:aws:iam::222222222222:role/grape-deploy'],
});
export const Region = Type.String({
  pattern: REGION_PATTERN,
  description: 'An AWS region code',
  examples: ['eu-west-1'],
});
export const GitRef = Type.String({
  minLength: 1,
  maxLength: 255,
  // git's refname rules, minus control characters and lone surrogates.
  pattern: textPatternExcluding('\\s~^:?*\\[\\\\'),
  description: 'A branch, tag or commit',
  examples: ['main'],
});
export const Cursor = Type.String({
  pattern: '^[0-9]{1,18}$',
  description: 'The `next` value of the previous page',
});
/** A query string value (query strings are not type-coerced: no value is silently changed). */
export const Limit = Type.String({
  pattern: '^(200|1[0-9]{2}|[1-9][0-9]?)$',
  description: 'Page size, 1-200 (default 50)',
  examples: ['50'],
});
export const limitOf = (value: string | undefined): number =>
  value === undefined ? 50 : Number(value);
export const DateTime = Type.String({ format: 'date-time' });

export const ErrorBody = Type.Object({
  error: Type.String(),
  message: Type.String(),
  problems: Type.Optional(
    Type.Array(
      Type.Object({
        field: Type.String(),
        problem: Type.String(),
        expected: Type.Optional(Type.String()),
      }),
    ),
  ),
  requestId: Type.String(),
});

/** A response schema with its OpenAPI description (else @fastify/swagger says "Default Response"). */
export const described = <T extends object>(description: string, schema: T): T => ({
  ...schema,
  description,
});

/** An error response: the ErrorBody, with what the status means for this operation. */
export const problem = (description: string) => described(description, ErrorBody);

/** Error responses every authenticated route may give. */
export const errorResponses = {
  400: problem(
    'The request is malformed: `problems` names each field, what is wrong and a good value',
  ),
  401: problem('No valid API token in `Authorization: Bearer …`'),
  403: problem("The token's role, projects or environments do not allow this"),
  404: problem('No such object in your tenant'),
};
export const rateLimited = problem(
  "GitHub's rate limit for the runner installation is exhausted: retry after `Retry-After` seconds",
);

export const bearer = [{ bearerAuth: [] }];
