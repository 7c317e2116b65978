/**
 * Deployments: the tenant's deployments, newest first, filtered by project, environment and
 * status (kept in the URL), refreshed live on every change; and, for deployers, a form to request
 * one (POST /v1/deployments).
 */
import { useEffect, useState } from 'preact/hooks';
import { api, may, type Deployment, type Project, type Session } from '../api.js';
import { useLive } from '../live.js';
import { navigate } from '../router.js';
import { ErrorLine, Status, When } from './common.js';

const STATUSES = [
  'queued',
  'dispatching',
  'running',
  'awaiting-approval',
  'succeeded',
  'failed',
  'cancelled',
];

function RequestForm({
  projects,
  onDone,
}: {
  projects: Project[];
  onDone: (d: Deployment) => void;
}) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(undefined);
    try {
      onDone(
        await api<Deployment>('POST', '/v1/deployments', {
          project: form.get('project'),
          environment: form.get('environment'),
          operation: form.get('operation'),
        }),
      );
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card row" onSubmit={(e) => void submit(e)} aria-label="Request a deployment">
      <label>
        Project
        <select name="project" required>
          {projects.map((p) => (
            <option value={p.name}>{p.name}</option>
          ))}
        </select>
      </label>
      <label>
        Environment
        <input name="environment" required defaultValue="dev" autoComplete="off" />
      </label>
      <label>
        Operation
        <select name="operation">
          <option value="plan">plan (then approve)</option>
          <option value="apply">apply</option>
          <option value="destroy">destroy</option>
        </select>
      </label>
      <button type="submit" class="primary" disabled={busy}>
        Deploy
      </button>
      <ErrorLine error={error} />
    </form>
  );
}

export function DeploymentsPage({ session, query }: { session: Session; query: string }) {
  const filters = new URLSearchParams(query);
  const [items, setItems] = useState<Deployment[] | undefined>();
  const [projects, setProjects] = useState<Project[]>([]);
  const [error, setError] = useState<unknown>();
  const load = () =>
    api<{ items: Deployment[] }>('GET', `/v1/deployments?${filters}`).then(
      (r) => (setItems(r.items), setError(undefined)),
      setError,
    );
  useEffect(() => {
    void load();
    void api<{ items: Project[] }>('GET', '/v1/projects').then(
      (r) => setProjects(r.items),
      setError,
    );
  }, [query]);
  useLive(() => void load(), [query]);
  const setFilter = (name: string, value: string) => {
    if (value) filters.set(name, value);
    else filters.delete(name);
    navigate(`/deployments${filters.size ? `?${filters}` : ''}`);
  };
  return (
    <>
      <h1>Deployments</h1>
      {may(session, 'deployer') && projects.length > 0 && (
        <RequestForm projects={projects} onDone={(d) => navigate(`/deployments/${d.id}`)} />
      )}
      <form
        class="row filters"
        aria-label="Filter deployments"
        onSubmit={(e) => e.preventDefault()}
      >
        <label>
          Project
          <select
            value={filters.get('project') ?? ''}
            onChange={(e) => setFilter('project', e.currentTarget.value)}
          >
            <option value="">all</option>
            {projects.map((p) => (
              <option value={p.name}>{p.name}</option>
            ))}
          </select>
        </label>
        <label>
          Environment
          <input
            value={filters.get('environment') ?? ''}
            placeholder="all"
            onChange={(e) => setFilter('environment', e.currentTarget.value.trim())}
          />
        </label>
        <label>
          Status
          <select
            value={filters.get('status') ?? ''}
            onChange={(e) => setFilter('status', e.currentTarget.value)}
          >
            <option value="">all</option>
            {STATUSES.map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        </label>
      </form>
      <ErrorLine error={error} />
      {items === undefined ? (
        <p>Loading…</p>
      ) : items.length === 0 ? (
        <p>No deployments yet.</p>
      ) : (
        <div class="scroll">
          <table aria-label="Deployments" data-testid="deployments">
            <thead>
              <tr>
                <th scope="col">Deployment</th>
                <th scope="col">Project</th>
                <th scope="col">Env</th>
                <th scope="col">Operation</th>
                <th scope="col">Status</th>
                <th scope="col">By</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr data-id={d.id}>
                  <td>
                    <a href={`/deployments/${d.id}`}>{d.id}</a>
                  </td>
                  <td>{d.project.name}</td>
                  <td>{d.environment}</td>
                  <td>{d.operation}</td>
                  <td>
                    <Status status={d.status} />
                  </td>
                  <td>{d.requestedBy}</td>
                  <td>
                    <When at={d.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
