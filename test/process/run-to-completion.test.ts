/**
 * A short program run through the one spawn seam (src/process/run-to-completion.ts): its input,
 * output, exit code and environment, with real child processes.
 */
import { runToCompletion } from '../../src/process/run-to-completion.js';
import { spawnProcess } from '../../src/process/spawn-process.js';

const node = process.execPath;
const run = (script: string, options: { input?: string; env?: NodeJS.ProcessEnv } = {}) =>
  runToCompletion(spawnProcess, node, ['-e', script], {
    cwd: process.cwd(),
    env: options.env ?? { PATH: process.env['PATH'] },
    ...(options.input === undefined ? {} : { input: options.input }),
  });

describe('runToCompletion', () => {
  it('writes the input to the program and collects stdout and stderr', async () => {
    const result = await run(
      "let s=''; process.stdin.on('data', (d) => (s += d)).on('end', () => { process.stdout.write(s.toUpperCase()); process.stderr.write('done'); })",
      { input: 'facts commit message' },
    );
    expect(result).toEqual({ code: 0, stdout: 'FACTS COMMIT MESSAGE', stderr: 'done' });
  });

  it('resolves with a non-zero exit code rather than rejecting', async () => {
    await expect(run("process.stderr.write('refused'); process.exit(3)")).resolves.toEqual({
      code: 3,
      stdout: '',
      stderr: 'refused',
    });
  });

  it('reports a program killed by a signal as exit code 1', async () => {
    const result = await run("process.kill(process.pid, 'SIGKILL')");
    expect(result.code).toBe(1);
  });

  it('gives the program exactly the environment passed, leaving unset entries out', async () => {
    const result = await run('process.stdout.write(JSON.stringify(process.env))', {
      env: { PATH: process.env['PATH'], GRAPE_SET: 'yes', GRAPE_UNSET: undefined },
    });
    const env = JSON.parse(result.stdout) as Record<string, string>;
    expect(env['GRAPE_SET']).toBe('yes');
    expect('GRAPE_UNSET' in env).toBe(false);
    expect(env['HOME']).toBeUndefined();
  });

  it('rejects when the program cannot be started, naming it', async () => {
    await expect(
      runToCompletion(spawnProcess, 'grape-no-such-program', [], { cwd: '/', env: {} }),
    ).rejects.toThrow(/grape-no-such-program/);
  });
});
