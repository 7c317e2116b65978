/** A run's report decides its deployment's status; a cancelled run ends `cancelled`, not `failed`. */
import { applyReport } from '../../../dispatcher/src/run-report/apply-report.js';
import type { Deployment } from '../../../dispatcher/src/store/records.js';
import type { Store } from '../../../dispatcher/src/store/store.js';

function recordingStore() {
  const applied: unknown[] = [];
  const store = {
    transitions: {
      apply: async (id: string, from: string[], patch: object, event: object) => {
        applied.push({ id, from, patch, event });
        return undefined;
      },
    },
  } as unknown as Store;
  return { store, applied };
}

const running = {
  id: 'dep_0123456789abcdef0123',
  status: 'running',
  operation: 'apply',
} as Deployment;

describe('a cancelled report', () => {
  it('moves a running deployment to cancelled with the reason the run gave', async () => {
    const { store, applied } = recordingStore();
    await applyReport(
      store,
      running,
      {
        v: 1,
        deploymentId: running.id,
        status: 'cancelled',
        error: 'The run was cancelled before it finished.',
      },
      '42',
    );
    expect(applied).toEqual([
      {
        id: running.id,
        from: ['dispatching', 'running'],
        patch: { status: 'cancelled', statusReason: 'The run was cancelled before it finished.' },
        event: { actor: 'run:42', action: 'deployment.reported', data: { reported: 'cancelled' } },
      },
    ]);
  });
});

describe("a plan's changed resources", () => {
  const plan = { sha256: 'a'.repeat(64), hasChanges: true, summary: { add: 1 } };
  const report = (extra: object) =>
    ({
      v: 1,
      deploymentId: running.id,
      status: 'succeeded',
      plan: { ...plan, ...extra },
    }) as const;

  it('are stored with the deployment, with how many the report left out', async () => {
    const { store, applied } = recordingStore();
    const resources = [{ address: 'local_file.a', action: 'create' }];
    await applyReport(store, running, report({ resources, resourcesOmitted: 3 }), '7');
    expect(applied).toMatchObject([
      { patch: { planResources: resources, planResourcesOmitted: 3, planSummary: { add: 1 } } },
    ]);
  });

  it('stay unset when an older action reports none', async () => {
    const { store, applied } = recordingStore();
    await applyReport(store, running, report({}), '7');
    const [{ patch }] = applied as [{ patch: object }];
    expect(patch).not.toHaveProperty('planResources');
    expect(patch).not.toHaveProperty('planResourcesOmitted');
  });
});
