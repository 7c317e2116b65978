/** With the github executor, a loopback GRAPE_PUBLIC_URL (default or given) refuses to boot unless allowed. */
import { ConfigError, loadConfig } from '../../../dispatcher/src/config.js';

const github = {
  GITHUB_APP_ID: '123456',
  GITHUB_APP_PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----\\nMIIE\\n-----END RSA PRIVATE KEY-----',
  GITHUB_WEBHOOK_SECRET: 'whsec_0123456789abcdef',
  GRAPE_RUNNER_REPO: 'acme/grape-runner',
};

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env, '/srv/grape');
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
};

describe('GRAPE_PUBLIC_URL with the github executor', () => {
  it('refuses the loopback default, naming the variable and a good value', () => {
    expect(problems(github)).toEqual([
      "GRAPE_PUBLIC_URL is 'http://127.0.0.1:8787': is a loopback address (the default, from HOST and PORT), which GitHub's runners cannot reach to report their runs. Set the dispatcher's public https URL, e.g. 'https://grape.example.com', or GRAPE_ALLOW_LOOPBACK_PUBLIC_URL=true if the runners run on this machine.",
    ]);
  });

  it.each([
    'http://localhost:8787',
    'http://127.1.2.3',
    'http://[::1]:8787',
    'http://0.0.0.0:8787',
    'http://grape.localhost',
  ])('refuses %s given explicitly', (value) => {
    const found = problems({ ...github, GRAPE_PUBLIC_URL: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^GRAPE_PUBLIC_URL is '.*': is a loopback address, which GitHub's/);
  });

  it('boots with a loopback URL when GRAPE_ALLOW_LOOPBACK_PUBLIC_URL=true', () => {
    const config = loadConfig({ ...github, GRAPE_ALLOW_LOOPBACK_PUBLIC_URL: 'true' }, '/srv/grape');
    expect(config.publicUrl).toBe('http://127.0.0.1:8787');
  });

  it('boots with a public URL', () => {
    expect(problems({ ...github, GRAPE_PUBLIC_URL: 'https://grape.example.com' })).toEqual([]);
    expect(problems({ ...github, GRAPE_PUBLIC_URL: 'http://10.0.0.5:8787' })).toEqual([]);
  });

  it('refuses a GRAPE_ALLOW_LOOPBACK_PUBLIC_URL that is not true/false', () => {
    expect(
      problems({
        ...github,
        GRAPE_PUBLIC_URL: 'https://g.example',
        GRAPE_ALLOW_LOOPBACK_PUBLIC_URL: 'yes',
      }),
    ).toEqual([
      "GRAPE_ALLOW_LOOPBACK_PUBLIC_URL is 'yes': not 'true' or 'false'. Use 'true' only when the runners run on this machine (tests, a self-hosted runner here).",
    ]);
  });

  it('does not apply to the local executor (its runs report in-process)', () => {
    expect(
      problems({ GRAPE_EXECUTOR: 'local', GRAPE_LOCAL_SOURCE_DIR: '/', GRAPE_LOCAL_ACTION: '/' }),
    ).toEqual([]);
  });
});

describe('GRAPE_AUDIT_KEY', () => {
  it('refuses a short key without echoing it', () => {
    expect(
      problems({ ...github, GRAPE_PUBLIC_URL: 'https://g.example', GRAPE_AUDIT_KEY: 'hunter2' }),
    ).toEqual([
      'GRAPE_AUDIT_KEY: shorter than 32 characters. Use a long random value shared by every replica, e.g. from `openssl rand -hex 32`.',
    ]);
  });

  it('takes a long one', () => {
    const key = 'k'.repeat(64);
    expect(
      loadConfig({ ...github, GRAPE_PUBLIC_URL: 'https://g.example', GRAPE_AUDIT_KEY: key }, '/srv')
        .auditKey,
    ).toBe(key);
  });
});
