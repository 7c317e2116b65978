/**
 * The run log's bound and the runner's masking rules, on their own: past GRAPE_LOG_MAX_BYTES one
 * marker line is kept and later chunks are acknowledged and dropped (the sender never retries
 * them); a masked value is replaced wherever it appears, escaped multi-line values line by line.
 */
import { createLogMasker } from '../../../dispatcher/src/logs/log-masker.js';
import { RunLogsStore, truncatedMarker } from '../../../dispatcher/src/logs/run-logs-store.js';
import { pglite, type TestStore } from '../helpers/backends.js';
import { seedTenant } from '../helpers/dispatcher-fixture.js';

let store: TestStore;
let deploymentId: string;

beforeAll(async () => {
  store = await pglite.open();
  const tenant = await seedTenant(store, 'acme');
  deploymentId = (
    await store.deployments.create(
      {
        tenantId: tenant.id,
        projectId: tenant.project.id,
        environment: 'dev',
        operation: 'plan',
        ref: 'main',
        variables: {},
        idempotencyKey: null,
        requestHash: null,
      },
      { actor: 'test' },
    )
  ).deployment.id;
});
afterAll(() => store.close());

describe('a run log past its bound', () => {
  it('keeps what fits, one marker, then acknowledges and drops the rest', async () => {
    const logs = new RunLogsStore(store.db, () => new Date(), 20);
    expect(await logs.append(deploymentId, 'stream', 1, '0123456789\n')).toEqual({
      kind: 'stored',
      nextSeq: 2,
    });
    expect(await logs.append(deploymentId, 'stream', 2, 'abcdefghijklmn\n')).toEqual({
      kind: 'dropped',
      nextSeq: 3,
    });
    expect(await logs.append(deploymentId, 'stream', 3, 'x\n')).toEqual({
      kind: 'dropped',
      nextSeq: 4,
    });
    expect(await logs.read(deploymentId)).toEqual([
      { seq: 1, body: '0123456789\n' },
      { seq: 2, body: truncatedMarker(20) },
    ]);
    expect(await logs.state(deploymentId)).toEqual({
      source: 'stream',
      nextSeq: 4,
      bytes: 11,
      truncated: true,
    });
  });

  it('is deleted after the retention, counted from its last line', async () => {
    const logs = new RunLogsStore(store.db, () => new Date(), 20);
    expect(await logs.prune(new Date(Date.now() - 60_000))).toBe(0);
    expect(await logs.prune(new Date(Date.now() + 60_000))).toBe(1);
    expect(await logs.read(deploymentId)).toEqual([]);
  });
});

describe('the log masker', () => {
  it('masks registered values, leaves the mask commands out, and masks escaped multi-line values line by line', () => {
    const masker = createLogMasker();
    expect(
      masker.maskLines(
        'before p4ss\n::add-mask::p4ss\nafter p4ss and p4ssword\n::add-mask::line-one%0Aline-two%25\nline-two% then line-one\n',
      ),
    ).toBe('before p4ss\nafter *** and ***word\n*** then ***\n');
    masker.add('tok.en+(1)');
    expect(masker.mask('a tok.en+(1) b')).toBe('a *** b');
  });
});
