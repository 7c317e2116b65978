import {
  isRegion,
  parseRoleArn,
  roleArnProblem,
  sanitizeStsName,
  sanitizeTagValue,
  suggestRegion,
  STS_NAME,
} from '../../src/config/aws-names.js';
import { isRetryableStsError } from '../../src/identity/retry-sts.js';
import { accountOf } from '../../src/identity/obtain-credentials.js';

describe('role ARNs', () => {
  it.each([
    ['arn:aws:iam::123456789012:role/grape', '123456789012'],
    ['arn:aws:iam::123456789012:role/path/to/grape', '123456789012'],
    ['arn:aws-us-gov:iam::123456789012:role/grape', '123456789012'],
    ['arn:aws-cn:iam::123456789012:role/grape', '123456789012'],
  ])('accepts %s', (arn, account) => {
    expect(parseRoleArn(arn)?.accountId).toBe(account);
  });

  it.each([
    ['role/grape', "not an ARN (it must start with 'arn:')"],
    ['arn:aws:iam::123:role/x', "account '123' is not 12 digits"],
    ['arn:aws:sts::123456789012:assumed-role/x/y', "service 'sts' is not 'iam'"],
    ['arn:aws:iam::123456789012:policy/x', "resource 'policy/x' is not a role ('role/<name>')"],
  ])('explains why %s is not a role ARN', (arn, problem) => {
    expect(parseRoleArn(arn)).toBeUndefined();
    expect(roleArnProblem(arn)).toBe(problem);
  });
});

describe('regions', () => {
  it.each([
    'us-east-1',
    'eu-central-2',
    'ap-southeast-7',
    'us-gov-west-1',
    'cn-northwest-1',
    'il-central-1',
  ])('accepts %s', (region) => {
    expect(isRegion(region)).toBe(true);
  });
  it.each([
    ['us-est-1', 'us-east-1'],
    ['eu-west1', 'eu-west-1'],
    ['US-EAST-1', 'us-east-1'],
  ])('suggests %s → %s', (typo, suggestion) => {
    expect(isRegion(typo)).toBe(false);
    expect(suggestRegion(typo)).toBe(suggestion);
  });
  it('suggests nothing for something that is not close to a region', () => {
    expect(suggestRegion('Frankfurt')).toBeUndefined();
  });
});

describe('STS names and tags', () => {
  it('makes any deployment id a valid session name', () => {
    for (const raw of ['grape-dep 1/2', 'x', 'ünïcode', 'a'.repeat(100)])
      expect(sanitizeStsName(raw)).toMatch(STS_NAME);
  });
  it('keeps tag values within the allowed characters', () => {
    expect(sanitizeTagValue('octo<cat>')).toBe('octo-cat-');
  });
  it('reads the account from assumed-role and role ARNs', () => {
    expect(accountOf('arn:aws:sts::123456789012:assumed-role/r/s')).toBe('123456789012');
    expect(accountOf('arn:aws:iam::123456789012:user/u')).toBe('123456789012');
  });
});

describe('which STS failures are retried', () => {
  const sdkError = (name: string, status?: number): object => ({
    name,
    $metadata: status === undefined ? {} : { httpStatusCode: status },
  });
  it.each([
    ['Throttling', 400],
    ['IDPCommunicationErrorException', 400],
    ['InternalFailure', 500],
    ['SomethingNew', 503],
    ['TooManyRequests', 429],
  ])('retries %s (%s)', (name, status) => {
    expect(isRetryableStsError(sdkError(name, status))).toBe(true);
  });
  it.each([
    ['AccessDenied', 403],
    ['InvalidIdentityTokenException', 400],
    ['ExpiredTokenException', 400],
    ['ValidationError', 400],
    ['RegionDisabledException', 403],
  ])('fails at once on %s (%s)', (name, status) => {
    expect(isRetryableStsError(sdkError(name, status))).toBe(false);
  });
  it('retries network resets', () => {
    expect(
      isRetryableStsError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })),
    ).toBe(true);
  });
});
