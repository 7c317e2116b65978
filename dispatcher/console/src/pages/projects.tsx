/**
 * Projects: the tenant's projects; creating one (POST /v1/projects, so the API's validation and its
 * messages apply); and each project's onboarding panel: the CloudFormation quick-create link and
 * the ExternalId the customer's role must require, and for a project that also names Google Cloud
 * or Azure federation, the trust to admit there and the bootstrap module to apply.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, may, type Project, type Session } from '../api.js';
import { ErrorLine } from './common.js';

interface Bootstrap {
  externalId: string;
  trustedPrincipalArn: string | null;
  cloudFormation: { quickCreateUrl: string; stackName: string };
  terraform: { snippet: string };
  gcp?: CloudOnboarding;
  azure?: CloudOnboarding;
}

/** GET /v1/projects/{id}/bootstrap's per-cloud part (dispatcher/src/routes/cloud-onboarding.ts). */
interface CloudOnboarding {
  trust: Record<string, string>;
  terraform: { snippet: string };
  actionInputs: Record<string, string>;
}

function CloudPanel({ title, cloud, id }: { title: string; cloud: CloudOnboarding; id: string }) {
  return (
    <section aria-label={title} data-testid={`onboarding-${id}`}>
      <h4>{title}</h4>
      <dl>
        {Object.entries(cloud.trust).map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>
              <code class="wrap">{value}</code>
            </dd>
          </div>
        ))}
      </dl>
      <details>
        <summary>Bootstrap module</summary>
        <pre>{cloud.terraform.snippet}</pre>
      </details>
      <details>
        <summary>Action inputs</summary>
        <pre>
          {Object.entries(cloud.actionInputs)
            .map(([name, value]) => `${name}: ${value}`)
            .join('\n')}
        </pre>
      </details>
    </section>
  );
}

function Onboarding({ project }: { project: Project }) {
  const [info, setInfo] = useState<Bootstrap | undefined>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    void api<Bootstrap>('GET', `/v1/projects/${project.id}/bootstrap`).then(setInfo, setError);
  }, [project.id]);
  return (
    <section class="card" aria-label={`Onboarding for ${project.name}`}>
      <h3>Connect an AWS account to {project.name}</h3>
      <ErrorLine error={error} />
      {info && (
        <>
          <p>
            ExternalId:{' '}
            <code class="wrap" data-testid="external-id">
              {info.externalId}
            </code>
          </p>
          <p>
            <a
              class="button"
              href={info.cloudFormation.quickCreateUrl}
              target="_blank"
              rel="noreferrer"
            >
              Create the role with CloudFormation (stack {info.cloudFormation.stackName})
            </a>
          </p>
          <details>
            <summary>Or with Terraform</summary>
            <pre>{info.terraform.snippet}</pre>
          </details>
          {info.gcp && (
            <CloudPanel title="Google Cloud: trust to admit" cloud={info.gcp} id="gcp" />
          )}
          {info.azure && <CloudPanel title="Azure: trust to admit" cloud={info.azure} id="azure" />}
        </>
      )}
    </section>
  );
}

function CreateForm({ onCreated }: { onCreated: (p: Project) => void }) {
  const [error, setError] = useState<unknown>();
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const f = new FormData(form);
    const text = (n: string) => String(f.get(n) ?? '').trim();
    setError(undefined);
    try {
      onCreated(
        await api<Project>('POST', '/v1/projects', {
          name: text('name'),
          source: {
            repository: text('repository'),
            ref: text('ref') || 'main',
            path: text('path'),
          },
          region: text('region'),
          ...(text('roleArn') ? { roleArn: text('roleArn') } : {}),
        }),
      );
      form.reset();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <form class="card grid" onSubmit={(e) => void submit(e)} aria-label="Create a project">
      <h2>New project</h2>
      <label>
        Name <input name="name" required placeholder="network" autoComplete="off" />
      </label>
      <label>
        Repository <input name="repository" required placeholder="acme/infra" autoComplete="off" />
      </label>
      <label>
        Ref <input name="ref" placeholder="main" autoComplete="off" />
      </label>
      <label>
        Module path <input name="path" placeholder="stacks/network" autoComplete="off" />
      </label>
      <label>
        Region <input name="region" required placeholder="eu-west-1" autoComplete="off" />
      </label>
      <label>
        Role ARN (optional){' '}
        <input
          name="roleArn"
          placeholder="arn:aws:iam::111111111111:role/grape"
          autoComplete="off"
        />
      </label>
      <button type="submit" class="primary">
        Create project
      </button>
      <ErrorLine error={error} />
    </form>
  );
}

export function ProjectsPage({ session }: { session: Session }) {
  const [projects, setProjects] = useState<Project[] | undefined>();
  const [selected, setSelected] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const load = () =>
    api<{ items: Project[] }>('GET', '/v1/projects').then((r) => setProjects(r.items), setError);
  useEffect(() => void load(), []);
  const chosen = projects?.find((p) => p.id === selected);
  return (
    <>
      <h1>Projects</h1>
      <ErrorLine error={error} />
      {projects && (
        <div class="scroll">
          <table aria-label="Projects">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Source</th>
                <th scope="col">Region</th>
                <th scope="col">Protected</th>
                <th scope="col">
                  <span class="visually-hidden">Onboarding</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {projects.map((p) => (
                <tr>
                  <td>{p.name}</td>
                  <td>
                    <code>
                      {p.source.repository}/{p.source.path}@{p.source.ref}
                    </code>
                  </td>
                  <td>{p.region}</td>
                  <td>{p.protectedEnvironments.join(', ') || '—'}</td>
                  <td>
                    <button
                      type="button"
                      onClick={() => setSelected(p.id)}
                      aria-pressed={p.id === selected}
                    >
                      Connect AWS
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {chosen && <Onboarding project={chosen} />}
      {may(session, 'admin') && (
        <CreateForm
          onCreated={(p) => {
            void load();
            setSelected(p.id);
          }}
        />
      )}
    </>
  );
}
