/** Project, token and bootstrap bodies. */
import { Type, type Static } from '@sinclair/typebox';
import { SpecAzure, SpecGcp } from '../../../contract/cloud-identity.js';
import {
  EXTERNAL_SECRETS_PATTERN,
  FACTS_FORMATS,
  SECRET_STORE_PATTERN,
} from '../../../contract/deployment-spec.js';
import { ROLES } from '../store/records.js';
import {
  DateTime,
  Environment,
  GitRef,
  Region,
  Repository,
  RoleArn,
  Slug,
  strict,
  Text,
} from './common.js';

export const ProjectSource = Type.Object(
  {
    repository: Repository,
    ref: GitRef,
    path: Type.String({
      maxLength: 255,
      pattern: '^(?!/)(?!.*\\.\\.)[\\w./-]*$',
      description: 'Module directory in the repository',
      examples: ['stacks/network'],
    }),
  },
  strict,
);
export const ProjectBackend = Type.Object(
  {
    bucket: Type.String({
      pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
      description: 'S3 bucket for the state',
      examples: ['acme-tfstate'],
    }),
    keyPrefix: Type.Optional(Type.String({ pattern: '^[\\w./-]{1,200}$', examples: ['grape'] })),
    region: Type.Optional(Region),
    kmsKeyId: Type.Optional(Text({ maxLength: 2048, examples: ['alias/tfstate'] })),
  },
  strict,
);
export const ProjectFacts = Type.Object(
  {
    repository: Repository,
    branch: GitRef,
    path: Text({ minLength: 1, maxLength: 255, examples: ['facts/network.yaml'] }),
    format: Type.Union(FACTS_FORMATS.map((f) => Type.Literal(f))),
    externalSecrets: Type.Optional(
      Type.String({
        maxLength: 2048,
        pattern: EXTERNAL_SECRETS_PATTERN,
        description:
          "ExternalSecret hand-off (the action's `facts-external-secrets`): outputs holding secret references (Secrets Manager ARNs or names, Secret Manager or Key Vault secret ids), separated by commas or newlines, `:json` for a JSON secret whose fields become keys. Needs `secretStore`.",
        examples: ['db_master_user_secret_arn:json, secret_arns'],
      }),
    ),
    secretStore: Type.Optional(
      Type.String({
        maxLength: 300,
        pattern: SECRET_STORE_PATTERN,
        description:
          "The store the ExternalSecrets read through (the action's `facts-secret-store`). Needs `externalSecrets`.",
        examples: ['ClusterSecretStore/aws-secrets-manager'],
      }),
    ),
  },
  strict,
);

export const CreateProjectBody = Type.Object(
  {
    name: Slug,
    source: ProjectSource,
    /** Absent: the module needs no AWS role (the runner's ambient credentials, if any, are used). */
    roleArn: Type.Optional(RoleArn),
    region: Region,
    sessionDurationSeconds: Type.Optional(
      Type.Integer({ minimum: 900, maximum: 3600, default: 3600 }),
    ),
    backend: Type.Optional(ProjectBackend),
    facts: Type.Optional(ProjectFacts),
    protectedEnvironments: Type.Optional(
      Type.Array(Environment, { maxItems: 50, uniqueItems: true }),
    ),
    /** Google Cloud workload identity federation for this project's runs. */
    gcp: Type.Optional(SpecGcp),
    /** Microsoft Entra workload identity federation for this project's runs. */
    azure: Type.Optional(SpecAzure),
  },
  strict,
);
export type CreateProjectBody = Static<typeof CreateProjectBody>;

export const ProjectView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  source: ProjectSource,
  roleArn: Type.Union([Type.String(), Type.Null()]),
  region: Type.String(),
  externalId: Type.String({
    description: 'Put in the customer role trust policy (sts:ExternalId)',
  }),
  sessionDurationSeconds: Type.Integer(),
  backend: Type.Union([ProjectBackend, Type.Null()]),
  facts: Type.Union([ProjectFacts, Type.Null()]),
  protectedEnvironments: Type.Array(Type.String()),
  gcp: Type.Union([SpecGcp, Type.Null()]),
  azure: Type.Union([SpecAzure, Type.Null()]),
  createdAt: DateTime,
  links: Type.Record(Type.String(), Type.String()),
});

export const CloudOnboarding = Type.Object({
  /** What the customer's trust must admit: the runner repository's workflow. */
  trust: Type.Record(Type.String(), Type.String()),
  terraform: Type.Object({ snippet: Type.String() }),
  /** The grape/deploy inputs the spec fills for this cloud. */
  actionInputs: Type.Record(Type.String(), Type.String()),
});

export const BootstrapView = Type.Object({
  externalId: Type.String(),
  trustedPrincipalArn: Type.Union([Type.String(), Type.Null()]),
  cloudFormation: Type.Object({
    quickCreateUrl: Type.String(),
    stackName: Type.String(),
    parameters: Type.Record(Type.String(), Type.String()),
  }),
  terraform: Type.Object({ snippet: Type.String() }),
  /** The Google Cloud side, when the project federates with Google Cloud (modules/gcp-bootstrap). */
  gcp: Type.Optional(CloudOnboarding),
  /** The Azure side, when the project federates with Azure (modules/azure-bootstrap). */
  azure: Type.Optional(CloudOnboarding),
});

export const Role = Type.Union(ROLES.map((r) => Type.Literal(r)));

export const CreateTokenBody = Type.Object(
  {
    name: Type.String({ pattern: '^[\\w .-]{1,64}$', examples: ['ci-deployer'] }),
    role: Role,
    projects: Type.Optional(Type.Array(Slug, { minItems: 1, maxItems: 100, uniqueItems: true })),
    environments: Type.Optional(
      Type.Array(Environment, { minItems: 1, maxItems: 50, uniqueItems: true }),
    ),
  },
  strict,
);
export type CreateTokenBody = Static<typeof CreateTokenBody>;

export const TokenView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Role,
  projects: Type.Union([Type.Array(Type.String()), Type.Null()]),
  environments: Type.Union([Type.Array(Type.String()), Type.Null()]),
  createdBy: Type.String(),
  createdAt: DateTime,
  revokedAt: Type.Union([DateTime, Type.Null()]),
});

/** A token as created: its value is in this one answer only. */
export const CreatedToken = Type.Intersect([TokenView, Type.Object({ token: Type.String() })]);

export const TokenList = Type.Object({ items: Type.Array(TokenView) });

export const ProjectList = Type.Object({ items: Type.Array(ProjectView) });
