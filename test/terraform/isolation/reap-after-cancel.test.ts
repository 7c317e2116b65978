/**
 * The post step's kill of what a module left running when the runner killed the main step
 * (src/terraform/isolation/reap-after-cancel.ts): the uid comes from saved state, and a kill as
 * root or as the action itself is never run, whatever the state says.
 */
import {
  ENGINE_USER_STATE,
  reapAfterCancel,
} from '../../../src/terraform/isolation/reap-after-cancel.js';
import { recordingIO } from '../../harness/fake-io.js';
import { recordSpawn } from './record-spawn.js';

const withState = (value: string) => {
  const io = recordingIO();
  io.state[ENGINE_USER_STATE] = value;
  return io;
};
const lines = (calls: ReturnType<typeof recordSpawn>['calls']) =>
  calls.map((c) => [c.command, ...c.args, c.options.uid ?? ''].join(' ').trim());

describe('reapAfterCancel', () => {
  it('kills as the saved engine uid, through sudo when the run isolated through sudo', async () => {
    const { spawn, calls } = recordSpawn();
    const io = withState('{"kind":"sudo","uid":1879048300,"gid":1879048300}');
    await reapAfterCancel(io, spawn, 1001);
    expect(lines(calls)).toEqual([
      'sudo -n -- setpriv --reuid=1879048300 --regid=1879048300 --clear-groups --no-new-privs -- env --chdir=/ kill -9 -1',
    ]);
    expect(io.logs).toContain(
      'Stopped what the module left running as uid 1879048300, if anything.',
    );
  });

  it("as root, with Node's uid/gid options", async () => {
    const { spawn, calls } = recordSpawn();
    await reapAfterCancel(withState('{"kind":"root","uid":70001,"gid":70001}'), spawn, 0);
    expect(lines(calls)).toEqual(['kill -9 -1 70001']);
  });

  it.each([
    ['no saved engine (isolation was off)', ''],
    ['uid 0', '{"kind":"root","uid":0,"gid":5}'],
    ["the action's own uid", '{"kind":"sudo","uid":1001,"gid":1001}'],
    ['gid 0', '{"kind":"sudo","uid":70001,"gid":0}'],
    ['an unknown kind', '{"kind":"other","uid":70001,"gid":70001}'],
  ])('kills nothing for %s', async (_, state) => {
    const { spawn, calls } = recordSpawn();
    await reapAfterCancel(withState(state), spawn, 1001);
    expect(calls).toEqual([]);
  });
});
