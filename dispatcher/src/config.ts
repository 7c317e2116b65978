/**
 * The dispatcher's configuration, read once from the environment and validated before anything
 * starts. Every problem is collected and reported together, naming the variable, what is wrong
 * and what a good value looks like; the dispatcher refuses to boot while any remains.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROLE_ARN_PATTERN } from '../../src/contract/deployment-spec.js';
import type { DatabaseLocation } from './store/store.js';

export interface GitHubSettings {
  readonly apiUrl: string;
  readonly appId: number;
  readonly privateKey: string;
  /** Found through GET /repos/{owner}/{repo}/installation when absent. */
  readonly installationId: number | undefined;
  readonly webhookSecret: string;
  readonly owner: string;
  readonly repo: string;
  readonly workflow: string;
  readonly ref: string;
}

/** The local executor: runs the bundled action in a child process on this machine. */
export interface LocalSettings {
  /** The bundled action (dist/index.js). */
  readonly actionPath: string;
  /** Project source paths are resolved against this directory. */
  readonly sourceDir: string;
  /** Terraform/OpenTofu binary handed to the action (`engine-path`); undefined: found on PATH. */
  readonly enginePath: string | undefined;
  /** Where facts go after an apply (the action's `facts-git-url`): a bare repo path or a URL. */
  readonly factsGitUrl: string;
  /** Per-run workspaces and logs. */
  readonly runsDir: string;
  /** Terraform state of projects without a backend: `<stateDir>/<tenant>/<project>/<env>/`. */
  readonly stateDir: string;
  /** Saved plans awaiting approval (the action's `file://` plan store), laid out the same way. */
  readonly plansDir: string;
}

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
  readonly bootstrapTemplateUrl: string;
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

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(
      `Refusing to start: ${problems.length === 1 ? 'a setting is invalid' : `${problems.length} settings are invalid`}:\n${problems.map((p) => `- ${p}`).join('\n')}`,
    );
  }
}

/** Only the database settings (the admin CLI needs nothing else). */
export function databaseFromEnv(env: NodeJS.ProcessEnv, cwd = process.cwd()): DatabaseLocation {
  const url = env['DATABASE_URL']?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\/.+/.test(url))
      throw new ConfigError([
        "DATABASE_URL: not a PostgreSQL URL. Use 'postgres://user:password@host:5432/grape'.",
      ]);
    return { kind: 'postgres', url };
  }
  return {
    kind: 'pglite',
    dataDir: path.join(path.resolve(cwd, env['GRAPE_DATA_DIR']?.trim() || '.grape'), 'pglite'),
  };
}

/** The same rule the spec contract applies to role ARNs. */
const ROLE_ARN = new RegExp(ROLE_ARN_PATTERN);

/** Parses `env`; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): DispatcherConfig {
  const problems: string[] = [];
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const bad = (
    name: string,
    value: string | undefined,
    problem: string,
    hint: string,
  ): undefined => {
    problems.push(
      `${name}${value === undefined ? '' : ` is '${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`}: ${problem}. ${hint}`,
    );
    return undefined;
  };
  const int = (name: string, fallback: number, min: number, max: number, hint = ''): number => {
    const value = get(name);
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      bad(name, value, `not a whole number from ${min} to ${max}`, hint || `e.g. '${fallback}'.`);
      return fallback;
    }
    return Number(value);
  };
  const url = (name: string, fallback: string | undefined): string | undefined => {
    const value = get(name) ?? fallback;
    if (value === undefined) return undefined;
    try {
      const parsed = new URL(value);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('scheme');
      return value.replace(/\/+$/, '');
    } catch {
      return bad(name, value, 'not an http(s) URL', "Use e.g. 'https://grape.example.com'.");
    }
  };

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
  const github = executorKind === 'github' ? readGitHub(get, bad, url) : undefined;
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
      ? readLocal(get, bad, dataDir, cwd, env.PATH ?? process.env.PATH ?? '')
      : undefined;

  const oidcIssuer = url('GRAPE_OIDC_ISSUER', 'https://token.actions.githubusercontent.com') ?? '';
  const jwksUrl = url('GRAPE_OIDC_JWKS_URL', `${oidcIssuer}/.well-known/jwks`) ?? '';
  const runnerRoleArn = get('GRAPE_RUNNER_ROLE_ARN');
  if (runnerRoleArn !== undefined && !ROLE_ARN.test(runnerRoleArn))
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
    bootstrapTemplateUrl:
      url(
        'GRAPE_BOOTSTRAP_TEMPLATE_URL',
        'https://grape-public.s3.amazonaws.com/bootstrap/v1/grape-bootstrap.yaml',
      ) ?? '',
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
    problems.push(
      `GRAPE_STALE_DISPATCH_SECONDS: ${staleDispatchSeconds} s is less than twice GRAPE_GITHUB_REQUEST_TIMEOUT_MS (${githubRequestTimeoutMs} ms): an attempt could be taken over while its own dispatch call may still reach GitHub. Use at least ${Math.ceil((2 * githubRequestTimeoutMs) / 1000)} s, or a shorter timeout.`,
    );
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

type Bad = (name: string, value: string | undefined, problem: string, hint: string) => undefined;

function readGitHub(
  get: (name: string) => string | undefined,
  bad: Bad,
  url: (name: string, fallback: string | undefined) => string | undefined,
): GitHubSettings | undefined {
  const missing = (name: string, hint: string): undefined =>
    bad(name, undefined, 'is required with GRAPE_EXECUTOR=github', hint);
  const appIdValue = get('GITHUB_APP_ID');
  if (appIdValue === undefined)
    missing(
      'GITHUB_APP_ID',
      "Set the GitHub App's numeric id (App settings → About), e.g. '123456'.",
    );
  else if (!/^\d{1,12}$/.test(appIdValue))
    bad(
      'GITHUB_APP_ID',
      appIdValue,
      'not a number',
      "Use the App's numeric id, e.g. '123456' (not its client id or name).",
    );
  const privateKey = get('GITHUB_APP_PRIVATE_KEY')?.replace(/\\n/g, '\n');
  if (privateKey === undefined)
    missing(
      'GITHUB_APP_PRIVATE_KEY',
      "Set the App's private key (the .pem GitHub generated; literal '\\n' line breaks are accepted).",
    );
  else if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(privateKey))
    bad(
      'GITHUB_APP_PRIVATE_KEY',
      undefined,
      'not a PEM private key',
      "Paste the whole .pem file, from '-----BEGIN RSA PRIVATE KEY-----' to its END line.",
    );
  const webhookSecret = get('GITHUB_WEBHOOK_SECRET');
  if (webhookSecret === undefined)
    missing(
      'GITHUB_WEBHOOK_SECRET',
      "Set the App's webhook secret (at least 16 random characters, e.g. from `openssl rand -hex 32`).",
    );
  else if (webhookSecret.length < 16)
    bad(
      'GITHUB_WEBHOOK_SECRET',
      undefined,
      'shorter than 16 characters',
      'Use a long random value, e.g. from `openssl rand -hex 32`.',
    );
  const repoValue = get('GRAPE_RUNNER_REPO');
  const repoMatch =
    repoValue === undefined ? null : /^([A-Za-z0-9-]+)\/([A-Za-z0-9_.-]+)$/.exec(repoValue);
  if (repoValue === undefined)
    missing('GRAPE_RUNNER_REPO', "Set the controlled runner repository, e.g. 'acme/grape-runner'.");
  else if (!repoMatch)
    bad('GRAPE_RUNNER_REPO', repoValue, 'not owner/name', "Use e.g. 'acme/grape-runner'.");
  const workflow = get('GRAPE_RUNNER_WORKFLOW') ?? 'grape-runner.yml';
  if (!/^([\w.-]+\.ya?ml|\d+)$/.test(workflow))
    bad(
      'GRAPE_RUNNER_WORKFLOW',
      workflow,
      'not a workflow file name or id',
      "Use the file name under .github/workflows, e.g. 'grape-runner.yml'.",
    );
  const installation = get('GITHUB_APP_INSTALLATION_ID');
  if (installation !== undefined && !/^\d{1,15}$/.test(installation))
    bad(
      'GITHUB_APP_INSTALLATION_ID',
      installation,
      'not a number',
      "Use the installation's numeric id, or leave it unset to look it up from GRAPE_RUNNER_REPO.",
    );
  const apiUrl = url('GITHUB_API_URL', 'https://api.github.com');
  if (!appIdValue || !privateKey || !webhookSecret || !repoMatch || !apiUrl) return undefined;
  return {
    apiUrl,
    appId: Number(appIdValue),
    privateKey,
    installationId: installation === undefined ? undefined : Number(installation),
    webhookSecret,
    owner: repoMatch[1]!,
    repo: repoMatch[2]!,
    workflow,
    ref: get('GRAPE_RUNNER_REF') ?? 'main',
  };
}

function readLocal(
  get: (name: string) => string | undefined,
  bad: Bad,
  dataDir: string,
  cwd: string,
  searchPath: string,
): LocalSettings | undefined {
  const sourceDir = path.resolve(cwd, get('GRAPE_LOCAL_SOURCE_DIR') ?? '.');
  if (!existsSync(sourceDir))
    bad(
      'GRAPE_LOCAL_SOURCE_DIR',
      sourceDir,
      'does not exist',
      "Point it at the directory holding your Terraform modules (project paths are relative to it), e.g. '.'.",
    );
  const actionPath = path.resolve(cwd, get('GRAPE_LOCAL_ACTION') ?? 'dist/index.js');
  if (!existsSync(actionPath))
    bad(
      'GRAPE_LOCAL_ACTION',
      actionPath,
      'does not exist',
      "Run the dispatcher from the repository root (it runs dist/index.js), or set it to the bundled action's index.js.",
    );
  const enginePath = get('GRAPE_LOCAL_ENGINE_PATH');
  if (enginePath !== undefined && !existsSync(enginePath))
    bad(
      'GRAPE_LOCAL_ENGINE_PATH',
      enginePath,
      'does not exist',
      "Give the path of a terraform or tofu binary, e.g. '/usr/local/bin/terraform', or leave it unset to use the one on PATH.",
    );
  return {
    actionPath,
    sourceDir,
    enginePath: enginePath ?? findOnPath('terraform', searchPath) ?? findOnPath('tofu', searchPath),
    factsGitUrl: get('GRAPE_LOCAL_FACTS_GIT_URL') ?? path.join(dataDir, 'gitops.git'),
    runsDir: path.join(dataDir, 'runs'),
    stateDir: path.join(dataDir, 'state'),
    plansDir: path.join(dataDir, 'plans'),
  };
}

/** localhost, 127.0.0.0/8, ::1, and the unspecified addresses (0.0.0.0, ::). */
function isLoopback(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    host === '0.0.0.0' ||
    host === '::1' ||
    host === '::' ||
    host === '::ffff:127.0.0.1' ||
    /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host)
  );
}

function findOnPath(binary: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(path.delimiter)) {
    if (dir !== '' && existsSync(path.join(dir, binary))) return path.join(dir, binary);
  }
  return undefined;
}
