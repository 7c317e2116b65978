/**
 * The action's run: configuration → identity → (engine → terraform → facts → report).
 * Every failure reaches the user once, through `setFailed`, as a message without a stack trace.
 */
import { parseConfig, type Config } from './config/config.js';
import { CancelledError, GrapeError, errorMessage } from './errors.js';
import { publishSession } from './identity/export-credentials.js';
import { federateClouds, publishClouds, withClouds } from './identity/federate-clouds.js';
import { obtainCredentials } from './identity/obtain-credentials.js';
import { lazyStsGateway } from './identity/lazy-sts-gateway.js';
import type { StsGateway } from './identity/sts-gateway.js';
import type { RunResult } from './report/build-report.js';
import { sayingStill } from './lib/still-waiting.js';
import { coreIO, type ActionsIO } from './runner/actions-io.js';
import { MAIN_STATE, REPORT_STATE, type ReportTarget } from './runner/run-state.js';

export interface RunDeps {
  readonly io: ActionsIO;
  readonly env: NodeJS.ProcessEnv;
  /** Builds the STS gateway; the default loads the AWS SDK only once the configuration is valid. */
  readonly stsFor?: (region: string | undefined) => Promise<StsGateway>;
  /** The network for the dispatcher's log stream (default: proxy-aware fetch). */
  readonly fetch?: typeof fetch;
}

const defaultStsFor = async (region: string | undefined): Promise<StsGateway> =>
  (await import('./identity/sts-gateway.js')).createStsGateway(region);

export async function run(deps: RunDeps = { io: coreIO(), env: process.env }): Promise<void> {
  const { env } = deps;
  // A dispatcher's run streams its log to the dispatcher (report/run-log-stream.ts); the stream
  // wraps the IO before anything is masked, so every masked value is masked in it too.
  const logStream =
    deps.io.getInput('spec') !== '' && env['ACTIONS_ID_TOKEN_REQUEST_URL']
      ? (await import('./report/run-log-stream.js')).createRunLogStream(deps.io, {
          env,
          fetch: deps.fetch ?? (await import('./runner/proxy.js')).proxyFetch,
        })
      : undefined;
  const io = logStream?.io ?? deps.io;
  let config: Config | undefined;
  let failure: string | undefined;
  let result: RunResult = {};
  let cancelled = false;
  io.saveState(MAIN_STATE, 'started');
  try {
    config = await parseConfig({ getInput: io.getInput, env, mask: io.setSecret });
    io.setOutput('deployment-id', config.deploymentId);
    if (config.spec) {
      logStream?.start({ ...config.spec.callback, deploymentId: config.deploymentId });
      // If the runner stops this step before it reports, the post step reports the cancel.
      const target: ReportTarget = { ...config.spec.callback, deploymentId: config.deploymentId };
      io.saveState(REPORT_STATE, JSON.stringify(target));
    }
    // Loaded on the first STS call: a run on Google Cloud or Azure alone never loads the AWS SDK.
    const region = config.identity.region;
    const sts = lazyStsGateway(() => (deps.stsFor ?? defaultStsFor)(region));
    // Honest progress: a silent exchange or clone says what it waits for (lib/still-waiting.ts).
    const say = (line: string): void => io.info(line);
    const parsed = config;
    const session = await sayingStill(say, 'exchanging the GitHub OIDC token for credentials', () =>
      obtainCredentials(parsed.identity, {
        io,
        env,
        sts,
        deploymentId: parsed.deploymentId,
        actor: parsed.run.actor,
      }),
    );
    publishSession(io, session, config.exportCredentials);
    const clouds = await sayingStill(
      say,
      'exchanging the GitHub OIDC token for Google Cloud or Azure credentials',
      () => federateClouds(parsed.clouds, { io, env, exportCredentials: parsed.exportCredentials }),
    );
    if (clouds && config.exportCredentials) publishClouds(io, clouds);
    if (config.operation !== 'credentials') {
      if (config.source.kind === 'clone') {
        const { fetchSource } = await import('./source/fetch-source.js');
        const source = config.source;
        await sayingStill(say, `fetching the module's source ${source.repository}`, () =>
          fetchSource(source, io, env),
        );
      }
      // Loaded once the configuration is valid and credentials exist: a bad input fails fast.
      const { runTerraformStep } = await import('./terraform/run-terraform-step.js');
      // The token files the clouds' credentials read stay fresh while terraform runs.
      const stopRefresh = clouds?.keepFresh();
      const engine = await runTerraformStep(config, session, {
        io,
        env: withClouds(env, clouds),
      }).finally(() => stopRefresh?.());
      result = { engine };
      // Facts after every successful apply, even one with no changes (facts may be new, or a
      // previous publish may have failed); an unchanged document makes no commit. After a
      // destroy the document is rewritten from what is left (no outputs: `facts: {}`), so the
      // GitOps side never reads facts of resources that are gone. Loaded lazily so Octokit and
      // YAML stay out of start-up.
      if ((config.operation === 'apply' || config.operation === 'destroy') && config.facts) {
        const { runFactsStep } = await import('./facts/run-facts-step.js');
        const facts = await runFactsStep(
          { ...config, facts: config.facts },
          { outputsJson: engine.outputsJson, engine: engine.engine },
          io,
          env,
        );
        result = { engine, factsCommit: facts.sha };
      }
    }
  } catch (error) {
    cancelled = error instanceof CancelledError;
    failure = userMessage(error, io);
    io.setFailed(failure);
  }
  if (config?.spec) {
    const [{ buildReport }, { postReport }] = await Promise.all([
      import('./report/build-report.js'),
      import('./report/post-report.js'),
    ]);
    const report = buildReport(config.deploymentId, result, failure, cancelled);
    io.setOutput('report', JSON.stringify(report));
    // The log before the report: a follower sees every line before the run's end.
    await logStream?.close();
    await postReport(config.spec.callback, report, { io, env });
  }
  await logStream?.close();
  io.saveState(MAIN_STATE, 'finished');
}

/** The message a user sees: ours as written; anything unexpected without its stack (which goes to debug). */
export function userMessage(error: unknown, io: Pick<ActionsIO, 'debug'>): string {
  if (error instanceof GrapeError) return error.message;
  if (error instanceof Error && error.stack) io.debug(error.stack);
  return `Unexpected error: ${errorMessage(error)}. This is a bug in Grape: please report it with the step's debug log (re-run with debug logging enabled).`;
}
