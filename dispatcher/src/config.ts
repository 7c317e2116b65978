/**
 * The dispatcher's configuration, read once from the environment (config/settings-reader.ts) and
 * validated before anything starts. Every problem is reported together, naming the variable, what
 * is wrong and what a good value looks like; the dispatcher refuses to boot while any remains.
 */
import path from 'node:path';
import { ROLE_ARN_PATTERN } from '../../contract/deployment-spec.js';
import { readGitHubSettings, type GitHubSettings } from './config/github-settings.js';
import { readRequireIsolation, readTenantEnvironments } from './config/isolation-settings.js';
import { isLoopback } from './config/is-loopback.js';
import { readLocalSettings, type LocalSettings } from './config/local-settings.js';
import { settingsReader } from './config/settings-reader.js';
import { readConsoleSettings, type ConsoleSettings } from './console/console-settings.js';
import type { DatabaseLocation } from './store/store.js';

export type { GitHubSettings } from './config/github-settings.js';
export type { LocalSettings } from './config/local-settings.js';
export { ConfigError } from './config/settings-reader.js';

export type ExecutorSettings =
  | { readonly kind: 'github'; readonly github: GitHubSettings }
  | { readonly kind: 'local'; readonly local: LocalSettings };

export interface DispatcherConfig {
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string;
  readonly logLevel: string;
  readonly dataDir: string;
  readonly database: DatabaseLocation;
  /** PEM of the ES256 spec-signing key; absent → generated into the data dir on first start. */
  readonly specSigningKey: string | undefined;
  readonly specTtlSeconds: number;
  /** Keys the audit chain (HMAC); absent → generated into the data dir on first start. */
  readonly auditKey: string | undefined;
  readonly executor: ExecutorSettings;
  readonly reportAuth: {
    readonly issuer: string;
    readonly jwksUrl: string;
    readonly audience: string;
  };
  readonly runnerRoleArn: string | undefined;
  /** Specs carry `requireIsolation` (config/isolation-settings.ts). */
  readonly requireIsolation: boolean;
  /** Runs use the tenant's GitHub environment `grape-<tenant id>` (dispatch/runner-environment.ts). */
  readonly tenantEnvironments: boolean;
  readonly bootstrapTemplateUrl: string;
  /** The web console (console/console-settings.ts); absent: the defaults, no GitHub sign-in. */
  readonly console?: ConsoleSettings;
  /** Run logs kept by the dispatcher (dispatcher/src/logs/). */
  readonly logs: { readonly retentionDays: number; readonly maxBytesPerRun: number };
  /** Which non-public webhook destinations are allowed (notifications/check-destination.ts). */
  readonly notifyAllow: 'public' | 'loopback' | 'private';
  readonly timings: {
    readonly dispatchIntervalMs: number;
    readonly reconcileIntervalMs: number;
    /** A `dispatching` attempt older than this is looked up on GitHub (crash or lost answer). */
    readonly staleDispatchSeconds: number;
    /** Dispatched but no run after this long → failed, "runner never started". */
    readonly runnerStartTimeoutSeconds: number;
    readonly maxDispatchAttempts: number;
    /**
     * Longest any one GitHub call may take (the whole dispatch call shares one such deadline). A
     * stale attempt is taken over only after `staleDispatchSeconds`, at least twice this: by then
     * the attempt's own request has certainly ended.
     */
    readonly githubRequestTimeoutMs: number;
  };
}

/** Only the database settings (the admin CLI needs nothing else). */
export function databaseFromEnv(env: NodeJS.ProcessEnv, cwd = process.cwd()): DatabaseLocation {
  const settings = settingsReader(env);
  const url = settings.get('DATABASE_URL');
  if (url !== undefined && !/^postgres(ql)?:\/\/.+/.test(url))
    settings.bad(
      'DATABASE_URL',
      undefined,
      'not a PostgreSQL URL',
      "Use 'postgres://user:password@host:5432/grape'.",
    );
  settings.finish();
  if (url !== undefined) return { kind: 'postgres', url };
  return {
    kind: 'pglite',
    dataDir: path.join(path.resolve(cwd, settings.get('GRAPE_DATA_DIR') ?? '.grape'), 'pglite'),
  };
}

/** The same rule the spec contract applies to role ARNs. */
const ROLE_ARN = new RegExp(ROLE_ARN_PATTERN);

/** Parses `env`; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): DispatcherConfig {
  const settings = settingsReader(env);
  const { get, bad, int, url } = settings;

  const host = get('HOST') ?? '127.0.0.1';
  const port = int('PORT', 8787, 1, 65535, "Use a TCP port such as '8787'.");
  const dataDir = path.resolve(cwd, get('GRAPE_DATA_DIR') ?? '.grape');
  const publicUrl =
    url('GRAPE_PUBLIC_URL', `http://${host.includes(':') ? `[${host}]` : host}:${port}`) ?? '';
  const allowLoopback = get('GRAPE_ALLOW_LOOPBACK_PUBLIC_URL') ?? 'false';
  if (allowLoopback !== 'true' && allowLoopback !== 'false')
    bad(
      'GRAPE_ALLOW_LOOPBACK_PUBLIC_URL',
      allowLoopback,
      "not 'true' or 'false'",
      "Use 'true' only when the runners run on this machine (tests, a self-hosted runner here).",
    );

  let database: DatabaseLocation = { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') };
  const databaseUrl = get('DATABASE_URL');
  if (databaseUrl !== undefined) {
    if (/^postgres(ql)?:\/\/.+/.test(databaseUrl))
      database = { kind: 'postgres', url: databaseUrl };
    else
      bad(
        'DATABASE_URL',
        databaseUrl.replace(/:[^:@/]*@/, ':***@'),
        'not a PostgreSQL URL',
        "Use 'postgres://user:password@host:5432/grape', or leave it unset to use the embedded PGlite database in GRAPE_DATA_DIR.",
      );
  }

  // Without a GitHub App configured, the dispatcher runs deployments on this machine.
  const executorKind = get('GRAPE_EXECUTOR') ?? (get('GITHUB_APP_ID') ? 'github' : 'local');
  if (executorKind !== 'github' && executorKind !== 'local')
    bad(
      'GRAPE_EXECUTOR',
      executorKind,
      'not a known executor',
      "Use 'github' (GitHub Actions through a GitHub App) or 'local' (this machine; the default without GITHUB_APP_ID).",
    );
  const github = executorKind === 'github' ? readGitHubSettings(settings) : undefined;
  // Runs report to GRAPE_PUBLIC_URL from GitHub's runners: a loopback address is this machine
  // only, so every report would be lost and no plan could be approved.
  if (executorKind === 'github' && allowLoopback !== 'true' && publicUrl && isLoopback(publicUrl))
    bad(
      'GRAPE_PUBLIC_URL',
      publicUrl,
      `is a loopback address${get('GRAPE_PUBLIC_URL') === undefined ? ' (the default, from HOST and PORT)' : ''}, which GitHub's runners cannot reach to report their runs`,
      "Set the dispatcher's public https URL, e.g. 'https://grape.example.com', or GRAPE_ALLOW_LOOPBACK_PUBLIC_URL=true if the runners run on this machine.",
    );
  const local =
    executorKind === 'local'
      ? readLocalSettings(settings, dataDir, cwd, env.PATH ?? process.env.PATH ?? '')
      : undefined;

  const oidcIssuer = url('GRAPE_OIDC_ISSUER', 'https://token.actions.githubusercontent.com') ?? '';
  const jwksUrl = url('GRAPE_OIDC_JWKS_URL', `${oidcIssuer}/.well-known/jwks`) ?? '';
  const runnerRoleArn = get('GRAPE_RUNNER_ROLE_ARN');
  // `{tenant}` names one runner role per tenant (dispatch/runner-environment.ts).
  if (runnerRoleArn !== undefined && !ROLE_ARN.test(runnerRoleArn.replaceAll('{tenant}', 'ten_0')))
    bad(
      'GRAPE_RUNNER_ROLE_ARN',
      runnerRoleArn,
      'not an IAM role ARN',
      "Use the runner repo's role, e.g. 'arn:aws:iam::111111111111:role/grape-runner'.",
    );

  const specSigningKey = get('GRAPE_SPEC_SIGNING_KEY');
  if (specSigningKey !== undefined && !specSigningKey.includes('-----BEGIN'))
    bad(
      'GRAPE_SPEC_SIGNING_KEY',
      undefined,
      'not a PEM private key',
      'Give an ES256 (P-256) key in PKCS#8 PEM, or leave it unset to generate one into GRAPE_DATA_DIR.',
    );
  const auditKey = get('GRAPE_AUDIT_KEY');
  if (auditKey !== undefined && auditKey.length < 32)
    bad(
      'GRAPE_AUDIT_KEY',
      undefined,
      'shorter than 32 characters',
      'Use a long random value shared by every replica, e.g. from `openssl rand -hex 32`.',
    );
  const logLevel = get('GRAPE_LOG_LEVEL') ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel))
    bad(
      'GRAPE_LOG_LEVEL',
      logLevel,
      'not a log level',
      "Use one of 'error', 'warn', 'info', 'debug'.",
    );

  const config: DispatcherConfig = {
    host,
    port,
    publicUrl,
    logLevel,
    dataDir,
    database,
    specSigningKey,
    specTtlSeconds: int('GRAPE_SPEC_TTL_SECONDS', 3600, 60, 86400),
    auditKey,
    executor: local ? { kind: 'local', local } : { kind: 'github', github: github! },
    reportAuth: { issuer: oidcIssuer, jwksUrl, audience: get('GRAPE_OIDC_AUDIENCE') ?? publicUrl },
    runnerRoleArn,
    requireIsolation: readRequireIsolation(settings, executorKind),
    tenantEnvironments: readTenantEnvironments(settings),
    bootstrapTemplateUrl:
      url(
        'GRAPE_BOOTSTRAP_TEMPLATE_URL',
        'https://grape-public.s3.amazonaws.com/bootstrap/v1/grape-bootstrap.yaml',
      ) ?? '',
    console: readConsoleSettings(settings),
    // The quick start (local executor, embedded database) may notify a receiver on this machine.
    notifyAllow: (() => {
      const value =
        get('GRAPE_NOTIFY_ALLOW') ?? (local && database.kind === 'pglite' ? 'loopback' : 'public');
      if (value === 'public' || value === 'loopback' || value === 'private') return value;
      bad('GRAPE_NOTIFY_ALLOW', value, 'not one of public, loopback, private', "e.g. 'public'.");
      return 'public';
    })(),
    logs: {
      retentionDays: int('GRAPE_LOG_RETENTION_DAYS', 30, 1, 3650),
      maxBytesPerRun: int('GRAPE_LOG_MAX_BYTES', 4 * 1024 * 1024, 64 * 1024, 256 * 1024 * 1024),
    },
    timings: {
      dispatchIntervalMs: int('GRAPE_DISPATCH_INTERVAL_MS', 1000, 10, 600_000),
      reconcileIntervalMs: int('GRAPE_RECONCILE_INTERVAL_MS', 30_000, 100, 3_600_000),
      staleDispatchSeconds: int('GRAPE_STALE_DISPATCH_SECONDS', 60, 5, 3600),
      runnerStartTimeoutSeconds: int('GRAPE_RUNNER_START_TIMEOUT_SECONDS', 900, 30, 86400),
      maxDispatchAttempts: int('GRAPE_MAX_DISPATCH_ATTEMPTS', 5, 1, 50),
      githubRequestTimeoutMs: int('GRAPE_GITHUB_REQUEST_TIMEOUT_MS', 10_000, 100, 120_000),
    },
  };
  const { staleDispatchSeconds, githubRequestTimeoutMs } = config.timings;
  if (staleDispatchSeconds * 1000 < 2 * githubRequestTimeoutMs)
    settings.problem(
      `GRAPE_STALE_DISPATCH_SECONDS: ${staleDispatchSeconds} s is less than twice GRAPE_GITHUB_REQUEST_TIMEOUT_MS (${githubRequestTimeoutMs} ms): an attempt could be taken over while its own dispatch call may still reach GitHub. Use at least ${Math.ceil((2 * githubRequestTimeoutMs) / 1000)} s, or a shorter timeout.`,
    );
  settings.finish();
  return config;
}
