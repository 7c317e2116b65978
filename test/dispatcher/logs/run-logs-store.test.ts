/**
 * The run log's bound and the runner's masking rules, on their own: past GRAPE_LOG_MAX_BYTES the
 * log keeps its start and its end, with one line saying exactly how many bytes were omitted in
 * between (read whole or from any chunk on); a masked value is replaced wherever it appears,
 * escaped multi-line values line by line.
 */
import { createLogMasker } from '../../../dispatcher/src/logs/log-masker.js';
import { omittedMarker, RunLogsStore } from '../../../dispatcher/src/logs/run-logs-store.js';
import { describeEachBackend, type TestStore } from '../helpers/backends.js';
import { seedTenant } from '../helpers/dispatcher-fixture.js';

describeEachBackend('a run log past its bound', (backend) => {
  let store: TestStore;
  let deploymentId: string;
  let tenant: Awaited<ReturnType<typeof seedTenant>>;

  beforeAll(async () => {
    store = await backend.open();
    tenant = await seedTenant(store, 'acme');
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

  const line = (n: number): string => `line ${String(n).padStart(4, '0')}\n`; // 10 bytes
  it('keeps its start and its end, and says how many bytes it omitted in between', async () => {
    // A bound of 50 bytes: the first 12 (two lines, the head) for good, then the latest lines.
    const logs = new RunLogsStore(store.db, () => new Date(), 50, 12);
    for (let n = 1; n <= 20; n++)
      expect(await logs.append(deploymentId, 'stream', n, line(n))).toEqual({
        kind: 'stored',
        nextSeq: n + 1,
      });
    // Head: line 1 (line 2 would pass 12 bytes). Tail: the last four lines fit the other 40.
    expect(await logs.read(deploymentId)).toEqual([
      { seq: 1, body: line(1) },
      { seq: 16, body: omittedMarker(150) },
      { seq: 17, body: line(17) },
      { seq: 18, body: line(18) },
      { seq: 19, body: line(19) },
      { seq: 20, body: line(20) },
    ]);
    expect(omittedMarker(150)).toBe(
      '[grape: … 150 bytes omitted … (the log passed GRAPE_LOG_MAX_BYTES: its start and its end are kept)]\n',
    );
    // A reader resuming inside the omitted part gets the marker, then the end.
    expect((await logs.read(deploymentId, 3)).map((c) => c.seq)).toEqual([16, 17, 18, 19, 20]);
    expect(await logs.read(deploymentId, 18)).toEqual([
      { seq: 19, body: line(19) },
      { seq: 20, body: line(20) },
    ]);
    expect(await logs.state(deploymentId)).toEqual({
      source: 'stream',
      nextSeq: 21,
      bytes: 50,
      truncated: true,
    });
    // A resent chunk is still a duplicate, not stored twice.
    expect(await logs.append(deploymentId, 'stream', 20, line(20))).toEqual({
      kind: 'duplicate',
      nextSeq: 21,
    });
  });

  it('keeps a chunk bigger than the whole tail rather than lose the end', async () => {
    const other = await store.deployments.create(
      {
        tenantId: tenant.id,
        projectId: tenant.project.id,
        environment: 'big',
        operation: 'plan',
        ref: 'main',
        variables: {},
        idempotencyKey: null,
        requestHash: null,
      },
      { actor: 'test' },
    );
    const id = other.deployment.id;
    const logs = new RunLogsStore(store.db, () => new Date(), 50, 12);
    await logs.append(id, 'local', 1, line(1));
    await logs.append(id, 'local', 2, 'x'.repeat(30) + '\n');
    await logs.append(id, 'local', 3, `${'the error '.repeat(6)}\n`);
    expect((await logs.read(id)).map((c) => c.body)).toEqual([
      line(1),
      omittedMarker(31),
      `${'the error '.repeat(6)}\n`,
    ]);
  });

  it('is deleted after the retention, counted from its last line', async () => {
    const logs = new RunLogsStore(store.db, () => new Date(), 20);
    expect(await logs.prune(new Date(Date.now() - 60_000))).toBe(0);
    expect(await logs.prune(new Date(Date.now() + 60_000))).toBe(2); // both runs' logs above
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
