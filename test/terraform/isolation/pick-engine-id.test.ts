/**
 * A uid of its own for each isolated run (src/terraform/isolation/pick-engine-id.ts): never one a
 * process, account or group has, never one another run has claimed, and the claim is atomic
 * (two runs creating the same grape-engine-<id> directory at once: one gets EEXIST).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pickEngineId } from '../../../src/terraform/isolation/pick-engine-id.js';
import { idsInUse, isolationHost } from '../../../src/terraform/isolation/isolation-host.js';
import { recordSpawn } from './record-spawn.js';

/** A random source that returns `ids` in order (offsets into the range are not its concern). */
const scripted = (ids: number[]) => () => {
  const id = ids.shift();
  if (id === undefined) throw new Error('the picker asked for more ids than scripted');
  return id;
};

describe('pickEngineId', () => {
  it('skips ids in use and ids already claimed, and returns the claim', async () => {
    const claimed: number[] = [];
    const picked = await pickEngineId(
      { first: 100, last: 199 },
      {
        idsInUse: async () => new Set([101]),
        claim: async (id) => {
          claimed.push(id);
          return id === 102 ? undefined : `/t/grape-engine-${id}`;
        },
      },
      scripted([101, 102, 103]),
    );
    expect(picked).toEqual({
      user: { name: '103:103', uid: 103, gid: 103 },
      claim: '/t/grape-engine-103',
    });
    expect(claimed).toEqual([102, 103]);
  });

  it('draws from the whole range, its ends included', async () => {
    const bounds: Array<[number, number]> = [];
    await pickEngineId(
      { first: 5, last: 9 },
      { idsInUse: async () => new Set(), claim: async (id) => `/t/${id}` },
      (min, max) => {
        bounds.push([min, max]);
        return min;
      },
    );
    expect(bounds).toEqual([[5, 10]]);
  });
});

describe("the host's view of the machine", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'grape-claim-test-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('counts the uids and gids of live processes, accounts and groups as in use', async () => {
    const used = await idsInUse();
    expect(used.has(process.getuid!())).toBe(true);
    expect(used.has(process.getgid!())).toBe(true);
    expect(used.has(0)).toBe(true);
  });

  it('claims an id once: the second of two simultaneous claims gets nothing', async () => {
    const host = isolationHost(recordSpawn().spawn, dir);
    const results = await Promise.all([host.claim(1879048999), host.claim(1879048999)]);
    expect(results.filter((r) => r !== undefined)).toEqual([
      path.join(dir, 'grape-engine-1879048999'),
    ]);
    expect((await stat(path.join(dir, 'grape-engine-1879048999'))).mode & 0o777).toBe(0o700);
  });
});
