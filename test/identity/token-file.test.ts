/**
 * The token files the Google credentials file and azurerm read stay fresh while terraform runs:
 * refreshed at half the GitHub token's life, replaced atomically, private to the runner user,
 * stopped with the engine, and a failed refresh warns once instead of failing the run.
 */
import { jest } from '@jest/globals';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import {
  keepTokenFilesFresh,
  refreshDelaySeconds,
  writeTokenFile,
} from '../../src/identity/token-file.js';
import { recordingIO } from '../harness/fake-io.js';

const NOW = 1_800_000_000;
const token = (iat: number, exp: number, n = 0): Promise<string> =>
  new SignJWT({ n })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(new Uint8Array(32));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'grape-token-file-'));
});
afterEach(async () => {
  jest.useRealTimers();
  await rm(dir, { recursive: true, force: true });
});

describe('the refresh schedule', () => {
  it('refreshes at half the token’s life, within 30 s and 10 min', async () => {
    expect(refreshDelaySeconds(await token(NOW, NOW + 300), NOW)).toBe(150);
    expect(refreshDelaySeconds(await token(NOW - 100, NOW + 300), NOW)).toBe(100);
    expect(refreshDelaySeconds(await token(NOW - 290, NOW + 10), NOW)).toBe(30);
    expect(refreshDelaySeconds(await token(NOW, NOW + 7200), NOW)).toBe(600);
    expect(refreshDelaySeconds('not-a-jwt', NOW)).toBe(240);
  });
});

describe('keeping the files fresh', () => {
  it('rewrites each file with a new token for its audience, atomically and 0600, until stopped', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    const io = recordingIO();
    const audiences: string[] = [];
    let n = 0;
    const fresh: string[] = [];
    io.getIDToken = async (audience) => {
      audiences.push(audience);
      const next = await token(NOW, NOW + 300, ++n);
      fresh.push(next);
      return next;
    };
    const gcp = path.join(dir, 'gcp-oidc-token');
    const azure = path.join(dir, 'azure-oidc-token');
    const first = await token(NOW, NOW + 300);
    await writeTokenFile(gcp, first);
    await writeTokenFile(azure, first);
    const env = { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://x', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'y' };
    let refreshed: () => void = () => undefined;
    const nextRefresh = (): Promise<void> =>
      new Promise((resolve) => {
        refreshed = resolve;
      });
    const stop = keepTokenFilesFresh(
      [
        { path: gcp, audience: 'https://iam.googleapis.com/p' },
        { path: azure, audience: 'api://AzureADTokenExchange' },
      ],
      first,
      { io, env, nowSeconds: () => NOW, onRefresh: () => refreshed() },
    );
    await jest.advanceTimersByTimeAsync(149_000);
    expect(audiences).toEqual([]);
    let done = nextRefresh();
    await jest.advanceTimersByTimeAsync(1_000);
    await done;
    expect(audiences).toEqual(['https://iam.googleapis.com/p', 'api://AzureADTokenExchange']);
    expect(await readFile(gcp, 'utf8')).toBe(fresh[0]);
    expect(await readFile(azure, 'utf8')).toBe(fresh[1]);
    expect((await stat(gcp)).mode & 0o777).toBe(0o600);
    expect(io.secrets).toEqual(fresh);
    expect(await readdir(dir)).toEqual(['azure-oidc-token', 'gcp-oidc-token']);
    done = nextRefresh();
    await jest.advanceTimersByTimeAsync(150_000);
    await done;
    expect(audiences).toHaveLength(4);
    stop();
    await jest.advanceTimersByTimeAsync(600_000);
    expect(audiences).toHaveLength(4);
  });

  it('warns once when a refresh fails and keeps trying', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    const io = recordingIO();
    let calls = 0;
    io.getIDToken = async () => {
      calls += 1;
      throw new Error('HTTP 500');
    };
    const file = path.join(dir, 'gcp-oidc-token');
    const first = await token(NOW, NOW + 300);
    await writeTokenFile(file, first);
    let attempts = 0;
    const stop = keepTokenFilesFresh([{ path: file, audience: 'a' }], first, {
      io,
      env: { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://x', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'y' },
      nowSeconds: () => NOW,
      onRefresh: () => void (attempts += 1),
    });
    for (let i = 0; i < 3; i++) await jest.advanceTimersByTimeAsync(150_000);
    expect(attempts).toBe(3);
    stop();
    expect(calls).toBe(3);
    expect(io.annotations.filter((a) => a.level === 'warning')).toHaveLength(1);
    expect(io.annotations[0]?.message).toContain(
      'Could not refresh the GitHub OIDC token file for the cloud credentials',
    );
    expect(await readFile(file, 'utf8')).toBe(first);
  });
});
