/**
 * A small GitHub Actions + Apps backend for the stand-in: installation tokens, workflow_dispatch
 * (creating runs whose run-name is the workflow's `grape <deployment_id>`), listing, reading and
 * cancelling runs. Response bodies start from the examples in GitHub's own OpenAPI description, so
 * the contract check (openapi-contract.ts) holds them to GitHub's schemas.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { GitHubApi, GitHubRequest, GitHubResponse } from './github-api.js';
import { githubError } from './github-api.js';
import { listRuns } from './run-listing.js';

/**
 * GitHub's limits on workflow_dispatch inputs, kept here independently of the dispatcher's copy:
 * "The maximum number of properties is 25" (@octokit/openapi generated/api.github.com.json,
 * actions/create-workflow-dispatch) and "The maximum payload for inputs is 65,535 characters"
 * (docs.github.com, Workflow syntax, on.workflow_dispatch.inputs), counted over the inputs' JSON.
 */
const MAX_WORKFLOW_INPUTS = 25;
const MAX_WORKFLOW_INPUTS_CHARACTERS = 65_535;

/** The inputs workflows/grape-runner.yml declares: GitHub refuses a dispatch with any other. */
const RUNNER_WORKFLOW_INPUTS = Object.keys(
  (
    parse(
      readFileSync(
        path.resolve(
          path.dirname(fileURLToPath(import.meta.url)),
          '../../../workflows/grape-runner.yml',
        ),
        'utf8',
      ),
    ) as { on: { workflow_dispatch: { inputs: Record<string, unknown> } } }
  ).on.workflow_dispatch.inputs,
);

export interface FakeRun {
  readonly id: number;
  readonly deploymentId: string;
  readonly inputs: Record<string, string>;
  readonly createdAt: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
}

/**
 * How the server answers `return_run_details`:
 * `run-details` (github.com today: 200 with the run id when asked, 204 otherwise),
 * `ghes` (older GHES: 422 for the unknown parameter, 204 without it).
 */
export type DispatchMode = 'run-details' | 'ghes';

export interface ActionsBackend {
  readonly runs: FakeRun[];
  readonly tokensIssued: string[];
  /** The App (its JWT's `iss`) each installation token was issued to. */
  readonly tokenApps: Map<string, string>;
  mode: DispatchMode;
  /** When set, every dispatch is refused with this answer (e.g. a 422 for a workflow without the trigger). */
  refuseDispatch: GitHubResponse | undefined;
  /** Called after a run was created, before the answer; return a response to answer that instead (e.g. a 502 after accepting). */
  afterCreate: ((run: FakeRun) => GitHubResponse | undefined) | undefined;
  runsFor(deploymentId: string): FakeRun[];
  /** Runs created per deployment id (a duplicate dispatch shows as 2). */
  runCounts(): Map<string, number>;
  /** Creates `count` runs of other work (no deployment), now: the listing's "newer runs". */
  addOtherRuns(count: number): void;
  complete(runId: number, conclusion: string): void;
}

const examples = (() => {
  const require = createRequire(import.meta.url);
  const spec = JSON.parse(
    readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8'),
  ) as {
    components: { examples: Record<string, { value: Record<string, unknown> }> };
  };
  return spec.components.examples;
})();

export function installActionsBackend(
  api: GitHubApi,
  options: { owner: string; repo: string; installationId?: number; now?: () => Date },
): ActionsBackend {
  const now = options.now ?? (() => new Date());
  const installationId = options.installationId ?? 4242;
  let nextRunId = 9_000_000_001;
  let tokenSerial = 0;
  const backend: ActionsBackend = {
    runs: [],
    tokensIssued: [],
    tokenApps: new Map(),
    mode: 'run-details',
    refuseDispatch: undefined,
    afterCreate: undefined,
    runsFor: (id) => backend.runs.filter((r) => r.deploymentId === id),
    runCounts: () => {
      const counts = new Map<string, number>();
      for (const r of backend.runs)
        if (r.deploymentId.startsWith('dep_'))
          counts.set(r.deploymentId, (counts.get(r.deploymentId) ?? 0) + 1);
      return counts;
    },
    addOtherRuns: (count) => {
      for (let i = 0; i < count; i++)
        backend.runs.push({
          id: nextRunId++,
          deploymentId: `other-${nextRunId}`,
          inputs: {},
          createdAt: stamp(),
          status: 'completed',
          conclusion: 'success',
        });
    },
    complete: (runId, conclusion) => {
      const run = backend.runs.find((r) => r.id === runId);
      if (run) Object.assign(run, { status: 'completed', conclusion });
    },
  };
  const repoPath = `${options.owner}/${options.repo}`;
  const stamp = () =>
    now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  const base = examples['workflow-run']!.value;
  const runBody = (run: FakeRun) => ({
    ...base,
    id: run.id,
    name: 'grape',
    display_title: `grape ${run.deploymentId}`,
    event: 'workflow_dispatch',
    status: run.status,
    conclusion: run.conclusion,
    created_at: run.createdAt,
    updated_at: run.createdAt,
    url: `https://api.github.com/repos/${repoPath}/actions/runs/${run.id}`,
    html_url: `https://github.com/${repoPath}/actions/runs/${run.id}`,
  });
  const sameRepo = (req: GitHubRequest): boolean =>
    req.params['owner'] === options.owner && req.params['repo'] === options.repo;
  const appJwt = (req: GitHubRequest): boolean =>
    req.headers.authorization?.toLowerCase().startsWith('bearer ey') ?? false;
  const installationToken = (req: GitHubRequest): boolean =>
    req.token !== undefined && backend.tokensIssued.includes(req.token);

  api.handle('apps/get-repo-installation', (req) => {
    if (!appJwt(req)) return githubError(401, 'A JSON web token could not be decoded');
    if (!sameRepo(req)) return githubError(404, 'Not Found');
    return { status: 200, body: { ...examples['installation']!.value, id: installationId } };
  });
  api.handle('apps/create-installation-access-token', (req) => {
    if (!appJwt(req)) return githubError(401, 'A JSON web token could not be decoded');
    if (req.params['installation_id'] !== String(installationId))
      return githubError(404, 'Not Found');
    const token = `ghs_test${String(++tokenSerial).padStart(32, '0')}`;
    backend.tokensIssued.push(token);
    const jwt = req.headers.authorization?.split(' ')[1]?.split('.')[1] ?? '';
    const iss = (JSON.parse(Buffer.from(jwt, 'base64url').toString() || '{}') as { iss?: unknown })
      .iss;
    backend.tokenApps.set(token, String(iss));
    const expiresAt = new Date(now().getTime() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return {
      status: 201,
      body: { ...examples['installation-token']!.value, token, expires_at: expiresAt },
    };
  });
  api.handle('actions/create-workflow-dispatch', (req) => {
    if (!installationToken(req)) return githubError(401, 'Bad credentials');
    if (!sameRepo(req)) return githubError(404, 'Not Found');
    if (backend.refuseDispatch) return backend.refuseDispatch;
    const body = req.body as {
      ref: string;
      inputs?: Record<string, string>;
      return_run_details?: boolean;
    };
    if (backend.mode === 'ghes' && 'return_run_details' in body)
      return githubError(422, 'Invalid request.\n\n"return_run_details" is not a permitted key.');
    const inputs = body.inputs ?? {};
    // The wording of these refusals is the stand-in's own.
    if (Object.keys(inputs).length > MAX_WORKFLOW_INPUTS)
      return githubError(
        422,
        `Invalid request.\n\nNo more than ${MAX_WORKFLOW_INPUTS} properties are allowed; ${Object.keys(inputs).length} were supplied.`,
      );
    if (JSON.stringify(inputs).length > MAX_WORKFLOW_INPUTS_CHARACTERS)
      return githubError(
        422,
        `inputs are too large: the maximum payload for inputs is ${MAX_WORKFLOW_INPUTS_CHARACTERS} characters.`,
      );
    // As GitHub does: only the inputs the dispatched workflow declares.
    const unexpected = Object.keys(inputs).filter((k) => !RUNNER_WORKFLOW_INPUTS.includes(k));
    if (unexpected.length > 0)
      return githubError(422, `Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
    const run: FakeRun = {
      id: nextRunId++,
      deploymentId: inputs['deployment_id'] ?? '',
      inputs,
      createdAt: stamp(),
      status: 'queued',
      conclusion: null,
    };
    backend.runs.push(run);
    const override = backend.afterCreate?.(run);
    if (override) return override;
    if (backend.mode === 'run-details' && body.return_run_details === true)
      return {
        status: 200,
        body: {
          workflow_run_id: run.id,
          run_url: `https://api.github.com/repos/${repoPath}/actions/runs/${run.id}`,
          html_url: `https://github.com/${repoPath}/actions/runs/${run.id}`,
        },
      };
    return { status: 204 };
  });
  api.handle('actions/list-workflow-runs', (req) => {
    if (!installationToken(req)) return githubError(401, 'Bad credentials');
    const listed = backend.runs.map((run) => ({
      run,
      createdAt: run.createdAt,
      event: 'workflow_dispatch',
    }));
    return listRuns(listed, req, ({ run }) => runBody(run));
  });
  api.handle('actions/get-workflow-run', (req) => {
    if (!installationToken(req)) return githubError(401, 'Bad credentials');
    const run = backend.runs.find((r) => String(r.id) === req.params['run_id']);
    return run ? { status: 200, body: runBody(run) } : githubError(404, 'Not Found');
  });
  api.handle('actions/cancel-workflow-run', (req) => {
    if (!installationToken(req)) return githubError(401, 'Bad credentials');
    const run = backend.runs.find((r) => String(r.id) === req.params['run_id']);
    if (!run) return githubError(404, 'Not Found');
    if (run.status === 'completed')
      return githubError(409, 'Cannot cancel a workflow run that is completed.');
    Object.assign(run, { status: 'completed', conclusion: 'cancelled' });
    return { status: 202, body: {} };
  });
  return backend;
}
