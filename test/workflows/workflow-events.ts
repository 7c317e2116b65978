/**
 * github contexts for the events the shipped workflows declare, built on GitHub's own example
 * webhook payloads (@octokit/webhooks-examples) moved to the acme/infra repository. `schedule` has
 * no example there: its payload is the cron line (docs.github.com "Events that trigger workflows";
 * unverified beyond the docs).
 */
import examplesModule from '@octokit/webhooks-examples';
import { REPOSITORY } from './workflow-world.js';

type Payload = Record<string, unknown>;
const examples = examplesModule as unknown as { name: string; examples: Payload[] }[];

const repository = {
  id: 123456,
  name: 'infra',
  full_name: REPOSITORY,
  owner: { login: 'acme', id: 65432, type: 'Organization' },
  private: true,
  default_branch: 'main',
};

function example(name: string, action?: string): Payload {
  const list = examples.find((e) => e.name === name)?.examples ?? [];
  const found = list.find((e) => action === undefined || e['action'] === action);
  if (!found) throw new Error(`no @octokit/webhooks-examples payload for ${name}.${action ?? ''}`);
  return structuredClone(found);
}

const SHA = 'c0ffee'.padEnd(40, '0');

export function githubContext(
  event: 'pull_request' | 'push' | 'workflow_dispatch' | 'schedule',
  apiUrl: string,
  inputs: Record<string, unknown> = {},
): Record<string, unknown> {
  let payload: Payload;
  let ref = 'refs/heads/main';
  const extra: Record<string, unknown> = {};
  if (event === 'pull_request') {
    payload = { ...example('pull_request', 'opened'), repository };
    const pr = payload['pull_request'] as {
      number: number;
      head: { ref: string };
      base: { ref: string };
    };
    payload['number'] = pr.number;
    ref = `refs/pull/${pr.number}/merge`;
    Object.assign(extra, { head_ref: pr.head.ref, base_ref: pr.base.ref });
  } else if (event === 'push') {
    payload = { ...example('push'), repository, ref, after: SHA };
  } else if (event === 'workflow_dispatch') {
    payload = { ...example('workflow_dispatch'), repository, ref, inputs };
  } else {
    payload = { schedule: '17 6 * * 1-5', repository };
  }
  return {
    event_name: event,
    event: payload,
    repository: REPOSITORY,
    repository_owner: 'acme',
    repository_id: '123456',
    ref,
    ref_name: ref.replace(/^refs\/(heads|tags)\//, ''),
    ref_type: 'branch',
    sha: SHA,
    actor: 'octocat',
    triggering_actor: 'octocat',
    server_url: 'https://github.com',
    api_url: apiUrl,
    graphql_url: `${apiUrl}/graphql`,
    run_id: '9100000001',
    run_number: '12',
    run_attempt: '1',
    retention_days: '90',
    ...extra,
  };
}
