/**
 * The deployment spec (DESIGN §4): what the dispatcher asks one workflow run to do. One schema,
 * shared by the dispatcher (which signs it) and the action (which verifies it before anything
 * else). It travels as a workflow input, visible in the Actions UI: it must never carry a secret.
 */
import { Type, type Static } from '@sinclair/typebox';
import { OPERATIONS } from './operations.js';
import { SpecAzure, SpecGcp } from './cloud-identity.js';
import { MULTILINE_TEXT_PATTERN, TEXT_PATTERN } from './text-pattern.js';

export const SPEC_VERSION = 1;

/** Deployment, tenant and project ids: `dep_…`, `ten_…`, `prj_…` (also valid STS/Git trailer text). */
export const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
/** Environment names: lower-case slugs such as `prod` or `eu-staging`. */
export const ENVIRONMENT_PATTERN = '^[a-z0-9][a-z0-9_-]{0,31}$';
export const ROLE_ARN_PATTERN = '^arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$';
export const REGION_PATTERN = '^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d$';
/** STS ExternalId charset: letters, digits and `+=,.@:/-_`, 2-1224 characters. */
export const EXTERNAL_ID_PATTERN = '^[\\w+=,.@:/-]{2,1224}$';
export const SHA256_PATTERN = '^[a-f0-9]{64}$';
export const VARIABLE_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_-]{0,63}$';
export const REPOSITORY_PATTERN = '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$';

export { OPERATIONS, type SpecOperation } from './operations.js';

const Id = Type.String({ pattern: ID_PATTERN });
const strict = { additionalProperties: false } as const;

export const SpecSource = Type.Object(
  {
    repository: Type.String({ pattern: REPOSITORY_PATTERN }),
    ref: Type.String({ minLength: 1, maxLength: 255 }),
    path: Type.String({ maxLength: 255 }),
  },
  strict,
);

export const SpecAws = Type.Object(
  {
    /** First hop (the runner's role, trusted by GitHub's OIDC provider); absent → the action's input. */
    runnerRoleArn: Type.Optional(Type.String({ pattern: ROLE_ARN_PATTERN })),
    /** The customer's role, assumed with the ExternalId; absent when the module needs no role. */
    roleArn: Type.Optional(Type.String({ pattern: ROLE_ARN_PATTERN })),
    externalId: Type.Optional(Type.String({ pattern: EXTERNAL_ID_PATTERN })),
    region: Type.String({ pattern: REGION_PATTERN }),
    sessionDurationSeconds: Type.Integer({ minimum: 900, maximum: 3600 }),
  },
  strict,
);

export const SpecBackend = Type.Object(
  {
    type: Type.Literal('s3'),
    bucket: Type.String({ minLength: 3, maxLength: 63 }),
    key: Type.String({ minLength: 1, maxLength: 1024 }),
    region: Type.String({ pattern: REGION_PATTERN }),
    kmsKeyId: Type.Optional(Type.String({ maxLength: 2048, pattern: TEXT_PATTERN })),
  },
  strict,
);

export const FACTS_FORMATS = ['yaml', 'json', 'helm', 'configmap'] as const;

/**
 * The ExternalSecret hand-off, in the syntax of the action's inputs: `facts-external-secrets`
 * (output names, `:json` or `:whole`, separated by commas or newlines) and `facts-secret-store`
 * (`SecretStore/<name>` or `ClusterSecretStore/<name>`). References only, never a secret value.
 */
export const EXTERNAL_SECRETS_PATTERN =
  '^[A-Za-z_][A-Za-z0-9_-]*(:(json|whole))?([ \\t]*[,\\n][ \\t\\n]*[A-Za-z_][A-Za-z0-9_-]*(:(json|whole))?)*$';
export const SECRET_STORE_PATTERN =
  '^(SecretStore|ClusterSecretStore)/[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$';

export const SpecFacts = Type.Object(
  {
    repository: Type.String({ pattern: REPOSITORY_PATTERN }),
    branch: Type.String({ minLength: 1, maxLength: 255 }),
    path: Type.String({ minLength: 1, maxLength: 255 }),
    format: Type.Union(FACTS_FORMATS.map((f) => Type.Literal(f))),
    /** `facts-external-secrets`; always together with `secretStore`. */
    externalSecrets: Type.Optional(
      Type.String({ maxLength: 2048, pattern: EXTERNAL_SECRETS_PATTERN }),
    ),
    /** `facts-secret-store`. */
    secretStore: Type.Optional(Type.String({ maxLength: 300, pattern: SECRET_STORE_PATTERN })),
  },
  strict,
);

/** Non-secret Terraform variables: scalars only (inputs are visible in the Actions UI). */
export const SpecVariables = Type.Record(
  Type.String({ pattern: VARIABLE_NAME_PATTERN }),
  Type.Union([
    Type.String({ maxLength: 4096, pattern: MULTILINE_TEXT_PATTERN }),
    Type.Number(),
    Type.Boolean(),
  ]),
  { additionalProperties: false },
);

export const DeploymentSpecSchema = Type.Object(
  {
    v: Type.Literal(SPEC_VERSION),
    deploymentId: Id,
    tenantId: Id,
    project: Type.Object({ id: Id, name: Type.String({ pattern: ID_PATTERN }) }, strict),
    environment: Type.String({ pattern: ENVIRONMENT_PATTERN }),
    operation: Type.Union(OPERATIONS.map((o) => Type.Literal(o))),
    source: SpecSource,
    aws: SpecAws,
    /** Google Cloud / Azure federation beside AWS (issue 18), when the project names one. */
    gcp: Type.Optional(SpecGcp),
    azure: Type.Optional(SpecAzure),
    backend: Type.Optional(SpecBackend),
    variables: SpecVariables,
    facts: Type.Optional(SpecFacts),
    /** An approved apply: exactly the plan that deployment produced, pinned by its sha256. */
    plan: Type.Optional(
      Type.Object({ deploymentId: Id, sha256: Type.String({ pattern: SHA256_PATTERN }) }, strict),
    ),
    /** The run refuses to start terraform unless it can run it as a separate OS user (docs/security.md). */
    requireIsolation: Type.Optional(Type.Boolean()),
    /** Where the action reports, and the OIDC audience its token must carry. */
    callback: Type.Object(
      {
        url: Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 2048 }),
        audience: Type.String({ minLength: 1, maxLength: 255 }),
      },
      strict,
    ),
  },
  strict,
);

export type DeploymentSpec = Static<typeof DeploymentSpecSchema>;

/** The JWS header `typ`, so a spec cannot be confused with any other ES256 token. */
export const SPEC_JWS_TYPE = 'grape-spec+jwt';
/** The `iss` of every spec. */
export const SPEC_ISSUER = 'grape-dispatcher';
