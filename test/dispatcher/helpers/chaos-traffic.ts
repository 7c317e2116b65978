/**
 * What reaches the replicas in the chaos test from outside: deployment requests sent to whichever
 * replica is alive (the same Idempotency-Key on every retry, Retry-After honoured), and GitHub's
 * `workflow_run` completed webhook when a run ends.
 */
import examplesModule from '@octokit/webhooks-examples';
import { webhookRequest } from './dispatcher-fixture.js';
import type { ReplicaProcess } from './replica-process.js';

type Example = { action: string; workflow_run: object; repository: object };
const completedExample = (examplesModule as unknown as { name: string; examples: Example[] }[])
  .find((w) => w.name === 'workflow_run')!
  .examples.find((e) => e.action === 'completed')!;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** POSTs one deployment until a replica accepts it; its id. */
export async function postDeployment(options: {
  replicas: () => readonly ReplicaProcess[];
  token: string;
  key: string;
  body: Record<string, unknown>;
  spread: number;
  deadline: number;
}): Promise<string> {
  for (let attempt = 0; Date.now() < options.deadline; attempt++) {
    const alive = options.replicas().filter((r) => r.alive());
    const target = alive[(options.spread + attempt) % Math.max(alive.length, 1)];
    const res = await fetch(`${target?.url ?? 'http://127.0.0.1:9'}/v1/deployments`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.token}`,
        'content-type': 'application/json',
        'idempotency-key': options.key,
      },
      body: JSON.stringify(options.body),
    }).catch(() => undefined);
    if (res?.status === 202 || res?.status === 200)
      return ((await res.json()) as { id: string }).id;
    const retryAfter = Number(res?.headers.get('retry-after') ?? 0);
    await sleep(Math.min(Math.max(retryAfter * 1000, 100), 2000));
  }
  throw new Error(`deployment ${options.key} could not be created before the test's deadline`);
}

/** GitHub's signed `workflow_run` completed webhook to the first live replica (best effort). */
export async function notifyCompleted(
  replicas: readonly ReplicaProcess[],
  runId: number,
): Promise<void> {
  const target = replicas.find((r) => r.alive());
  if (!target) return;
  const request = await webhookRequest('workflow_run', {
    ...completedExample,
    repository: { ...completedExample.repository, full_name: 'acme/grape-runner' },
    workflow_run: {
      ...completedExample.workflow_run,
      id: runId,
      event: 'workflow_dispatch',
      status: 'completed',
      conclusion: 'success',
    },
  });
  await fetch(`${target.url}${request.url as string}`, {
    method: 'POST',
    headers: request.headers as Record<string, string>,
    body: request.payload as string,
  }).catch(() => undefined);
}
