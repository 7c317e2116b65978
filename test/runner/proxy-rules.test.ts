/** Which URLs go through the proxy: @actions/http-client's rules, applied to every client. */
import { awsProxyOptions } from '../../src/runner/proxy-agent.js';
import { proxyConfigured, proxyFor } from '../../src/runner/proxy.js';

const saved = { ...process.env };
afterEach(() => {
  for (const name of [
    'HTTP_PROXY',
    'HTTPS_PROXY',
    'NO_PROXY',
    'http_proxy',
    'https_proxy',
    'no_proxy',
  ])
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
});

function withProxyEnv(env: Record<string, string>): void {
  for (const name of [
    'HTTP_PROXY',
    'HTTPS_PROXY',
    'NO_PROXY',
    'http_proxy',
    'https_proxy',
    'no_proxy',
  ])
    delete process.env[name];
  Object.assign(process.env, env);
}

describe('proxyFor', () => {
  it('uses HTTPS_PROXY for https and HTTP_PROXY for http URLs', () => {
    withProxyEnv({
      HTTPS_PROXY: 'http://secure-proxy:3128',
      HTTP_PROXY: 'http://plain-proxy:3128',
    });
    expect(proxyFor('https://sts.eu-west-1.amazonaws.com/')?.host).toBe('secure-proxy:3128');
    expect(proxyFor('http://releases.example/terraform/')?.host).toBe('plain-proxy:3128');
  });

  it('goes direct to loopback hosts and to NO_PROXY hosts, suffixes and host:port', () => {
    withProxyEnv({
      HTTPS_PROXY: 'http://proxy:3128',
      NO_PROXY: 'internal.example, .corp.example, api.example:8443',
    });
    expect(proxyFor('https://127.0.0.1:9000/')).toBeUndefined();
    expect(proxyFor('https://localhost/')).toBeUndefined();
    expect(proxyFor('https://internal.example/')).toBeUndefined();
    expect(proxyFor('https://git.internal.example/')).toBeUndefined();
    expect(proxyFor('https://s3.corp.example/')).toBeUndefined();
    expect(proxyFor('https://api.example:8443/')).toBeUndefined();
    expect(proxyFor('https://api.example/')?.host).toBe('proxy:3128');
    expect(proxyFor('https://sts.amazonaws.com/')?.host).toBe('proxy:3128');
  });

  it('goes direct when no proxy is set, and leaves the AWS SDK its defaults', () => {
    withProxyEnv({});
    expect(proxyFor('https://sts.amazonaws.com/')).toBeUndefined();
    expect(proxyConfigured(process.env)).toBe(false);
    expect(awsProxyOptions(process.env)).toEqual({});
  });

  it('gives the AWS SDK one proxy-aware agent for http and https when a proxy is set', () => {
    withProxyEnv({ https_proxy: 'http://user:pass@proxy:3128' });
    const options = awsProxyOptions(process.env) as {
      requestHandler: { httpAgent: object; httpsAgent: object };
    };
    expect(options.requestHandler.httpAgent).toBe(options.requestHandler.httpsAgent);
    expect(proxyFor('https://sts.amazonaws.com/')?.username).toBe('user');
  });
});
