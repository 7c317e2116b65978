/**
 * One deployment: its status and timeline, the plan's counts, the run, outputs by name, the facts
 * commit, and the actions its viewer's role allows (Approve a plan awaiting approval, Cancel while
 * unfinished, Deploy the same again). Refreshed live. Another tenant's id reads "not found", as the
 * API answers.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, may, type Deployment, type Project, type Session } from '../api.js';
import { useLive } from '../live.js';
import { navigate } from '../router.js';
import { ErrorLine, Status } from './common.js';
import { ResourceChanges } from './resource-changes.js';
import { RunLog } from './run-log.js';
import { WaitingLine } from './waiting-line.js';
import { Timeline } from './timeline.js';

const TERMINAL = ['succeeded', 'failed', 'cancelled'];

export function DeploymentPage({ id, session }: { id: string; session: Session }) {
  const [d, setD] = useState<Deployment | undefined>();
  const [project, setProject] = useState<Project | undefined>();
  const [error, setError] = useState<unknown>();
  const [actionError, setActionError] = useState<unknown>();
  const load = () =>
    api<Deployment>('GET', `/v1/deployments/${id}`).then(
      (x) => (setD(x), setError(undefined)),
      setError,
    );
  useEffect(() => {
    setD(undefined);
    void load();
  }, [id]);
  useEffect(() => {
    if (d)
      void api<Project>('GET', `/v1/projects/${d.project.id}`).then(setProject, () => undefined);
  }, [d?.project.id]);
  useLive(
    (changed) => {
      if (changed === undefined || changed === id) void load();
    },
    [id],
  );
  if (error && !d)
    return (
      <>
        <h1>Deployment {id}</h1>
        <ErrorLine error={error} />
      </>
    );
  if (!d) return <p>Loading…</p>;
  const act = async (run: () => Promise<void>) => {
    setActionError(undefined);
    try {
      await run();
    } catch (failure) {
      setActionError(failure);
    }
  };
  const approve = () =>
    act(async () =>
      navigate(
        `/deployments/${(await api<Deployment>('POST', `/v1/deployments/${id}/approve`)).id}`,
      ),
    );
  const cancel = () =>
    act(async () => setD(await api<Deployment>('POST', `/v1/deployments/${id}/cancel`, {})));
  const deploy = () =>
    act(async () =>
      navigate(
        `/deployments/${
          (
            await api<Deployment>('POST', '/v1/deployments', {
              project: d.project.name,
              environment: d.environment,
              operation: d.operation,
            })
          ).id
        }`,
      ),
    );
  const isProtected = project?.protectedEnvironments.includes(d.environment) ?? false;
  const canApprove =
    d.status === 'awaiting-approval' && may(session, isProtected ? 'admin' : 'deployer');
  const outputs = Array.isArray(d.outputs) ? d.outputs : d.outputs ? Object.keys(d.outputs) : [];
  return (
    <>
      <h1>
        {d.operation} {d.project.name}/{d.environment}
      </h1>
      <p>
        <code>{d.id}</code> <Status status={d.status} />
        {d.queuePosition !== null && (
          <span class="muted"> (position {d.queuePosition} in queue)</span>
        )}
      </p>
      <div class="row actions">
        {canApprove && (
          <button type="button" class="primary" onClick={() => void approve()}>
            Approve
          </button>
        )}
        {!TERMINAL.includes(d.status) && may(session, 'deployer') && (
          <button type="button" onClick={() => void cancel()}>
            Cancel
          </button>
        )}
        {TERMINAL.includes(d.status) && may(session, isProtected ? 'admin' : 'deployer') && (
          <button type="button" onClick={() => void deploy()}>
            Deploy
          </button>
        )}
      </div>
      <ErrorLine error={actionError} />
      <section aria-labelledby="h-timeline">
        <h2 id="h-timeline">Timeline</h2>
        <Timeline d={d} />
      </section>
      <section aria-labelledby="h-plan">
        <h2 id="h-plan">Plan</h2>
        {d.plan?.summary && (
          <p data-testid="plan-line">
            Plan: {d.plan.summary['add'] ?? 0} to add, {d.plan.summary['change'] ?? 0} to change,{' '}
            {d.plan.summary['destroy'] ?? 0} to destroy.
          </p>
        )}
        {d.plan?.summary ? (
          <table aria-label="Plan: resource changes by action">
            <thead>
              <tr>
                <th scope="col">Change</th>
                <th scope="col">Resources</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(d.plan.summary)
                .filter(
                  ([action, count]) => count > 0 || ['add', 'change', 'destroy'].includes(action),
                )
                .map(([action, count]) => (
                  <tr>
                    <td>{action}</td>
                    <td data-testid={`plan-${action}`}>{count}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">No plan reported yet.</p>
        )}
        {d.plan && <ResourceChanges plan={d.plan} />}
        {d.plan && (
          <p class="muted">
            Plan sha256 <code class="wrap">{d.plan.sha256}</code>
          </p>
        )}
      </section>
      <section aria-labelledby="h-run">
        <h2 id="h-run">Run</h2>
        {d.run ? (
          d.run.url && /^https?:/.test(d.run.url) ? (
            <a href={d.run.url} rel="noreferrer">
              Run {d.run.id}
            </a>
          ) : (
            <p>Run {d.run.id} (local executor)</p>
          )
        ) : (
          <p class="muted">Not started.</p>
        )}
        <WaitingLine id={d.id} version={d.updatedAt} />
        {d.run && <RunLog id={d.id} version={d.updatedAt} />}
      </section>
      <section aria-labelledby="h-out">
        <h2 id="h-out">Outputs</h2>
        {outputs.length ? (
          <ul>
            {outputs.map((o) => (
              <li>
                <code>{o}</code>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">None.</p>
        )}
        <p>
          Facts commit:{' '}
          {d.factsCommit ? (
            <code data-testid="facts-commit">{d.factsCommit}</code>
          ) : (
            <span class="muted">none</span>
          )}
        </p>
      </section>
    </>
  );
}
