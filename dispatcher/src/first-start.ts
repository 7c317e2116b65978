/**
 * On the very first start (no tenant yet) the dispatcher creates what a newcomer needs to try it:
 * a `demo` tenant, an admin token for it (printed once, stored hashed) and — with the local
 * executor, when the example module is there — a `hello` project deploying examples/hello-infra.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DispatcherConfig } from './config.js';
import type { Store } from './store/store.js';

export const DEMO_MODULE = 'examples/hello-infra';

export interface FirstStart {
  readonly token: string;
  readonly tenant: string;
  readonly tenantId: string;
  readonly project: string | undefined;
}

const ACTOR = { actor: 'system:first-start', sourceIp: 'local' };

export async function firstStart(
  store: Store,
  config: DispatcherConfig,
): Promise<FirstStart | undefined> {
  if ((await store.tenants.list()).length > 0) return undefined;
  let tenant;
  try {
    tenant = await store.tenants.create('demo', ACTOR);
  } catch {
    return undefined; // another replica got there first
  }
  const { token } = await store.tokens.create(
    tenant.id,
    { name: 'first-start-admin', role: 'admin', projects: null, environments: null },
    ACTOR,
  );
  let project: string | undefined;
  const local = config.executor.kind === 'local' ? config.executor.local : undefined;
  if (local && existsSync(path.join(local.sourceDir, DEMO_MODULE, 'main.tf'))) {
    const created = await store.projects.create(
      tenant.id,
      {
        name: 'hello',
        source: { repository: 'local/grape', ref: 'main', path: DEMO_MODULE },
        roleArn: null,
        region: 'us-east-1',
        sessionDurationSeconds: 3600,
        backend: null,
        facts: null,
        protectedEnvironments: [],
      },
      ACTOR,
    );
    project = created.name;
  }
  return { token, tenant: tenant.name, tenantId: tenant.id, project };
}

/** What the operator reads once, on the first start's console. */
export function firstStartMessage(
  result: FirstStart,
  baseUrl: string,
  consoleUrl?: string,
): string {
  const lines = [
    '',
    ...(consoleUrl
      ? [
          `Console: ${consoleUrl}`,
          "  (the web console, signed in as the tenant's admin: the link works once and soon expires; `grape console-link` prints a fresh one)",
          '',
        ]
      : []),
    '  First start: created tenant "demo" and an admin API token for it (shown only this once):',
    '',
    `    export GRAPE_URL=${baseUrl}`,
    `    export GRAPE_TOKEN=${result.token}`,
    '',
  ];
  if (result.project) {
    lines.push(
      `  Deploy the example project "${result.project}" (${DEMO_MODULE}) on this machine:`,
      '',
      `    node bin/grape.js deploy --project ${result.project} --env dev --operation apply --wait`,
      '',
      '  or with curl:',
      '',
      `    curl -s -X POST "$GRAPE_URL/v1/deployments" -H "Authorization: Bearer $GRAPE_TOKEN" \\`,
      `      -H 'content-type: application/json' -d '{"project":"${result.project}","environment":"dev","operation":"apply"}'`,
      '',
    );
  }
  return lines.join('\n');
}
