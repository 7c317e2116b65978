/** Validation of AWS names the user types: role ARNs, regions, account ids, STS session names. */

const ROLE_ARN =
  /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;

export interface RoleArn {
  readonly arn: string;
  readonly partition: string;
  readonly accountId: string;
}

export function parseRoleArn(value: string): RoleArn | undefined {
  const match = ROLE_ARN.exec(value);
  if (!match) return undefined;
  return { arn: value, partition: match[1]!, accountId: match[2]! };
}

/** Why a string is not an IAM role ARN, in words a user can act on. */
export function roleArnProblem(value: string): string {
  if (!value.startsWith('arn:')) return "not an ARN (it must start with 'arn:')";
  const parts = value.split(':');
  if (parts.length < 6) return 'an ARN has six colon-separated parts';
  if (parts[2] !== 'iam') return `service '${parts[2]}' is not 'iam'`;
  if (parts[3] !== '')
    return 'IAM ARNs have no region (nothing between the third and fourth colon)';
  if (!/^\d{12}$/.test(parts[4] ?? '')) return `account '${parts[4]}' is not 12 digits`;
  if (!(parts[5] ?? '').startsWith('role/'))
    return `resource '${parts[5]}' is not a role ('role/<name>')`;
  return 'not an IAM role ARN';
}

/** Every public region code at the time of writing, for typo suggestions only. */
const KNOWN_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-south-1',
  'eu-south-2',
  'eu-north-1',
  'il-central-1',
  'me-south-1',
  'me-central-1',
  'mx-central-1',
  'sa-east-1',
  'us-gov-east-1',
  'us-gov-west-1',
  'cn-north-1',
  'cn-northwest-1',
  'eusc-de-east-1',
];

const REGION =
  /^[a-z]{2,4}(-gov|-iso[a-z]?)?-(north|south|east|west|central|northeast|southeast|northwest|southwest)-\d{1,2}$/;

export function isRegion(value: string): boolean {
  return REGION.test(value);
}

/** The known region nearest to a mistyped one, when it is plausibly a typo. */
export function suggestRegion(value: string): string | undefined {
  let best: { region: string; distance: number } | undefined;
  for (const region of KNOWN_REGIONS) {
    const distance = editDistance(value.toLowerCase(), region);
    if (!best || distance < best.distance) best = { region, distance };
  }
  return best && best.distance <= 3 ? best.region : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

export const ACCOUNT_ID = /^\d{12}$/;

/** STS RoleSessionName / SourceIdentity rules: 2-64 characters of [\w+=,.@-]. */
export const STS_NAME = /^[\w+=,.@-]{2,64}$/;

/** Makes any string acceptable as an STS session name (or SourceIdentity). */
export function sanitizeStsName(raw: string): string {
  const cleaned = raw.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return cleaned.length >= 2 ? cleaned : `${cleaned}--`.slice(0, 2);
}

/** STS ExternalId rules: 2-1224 characters of [\w+=,.@:/-]. */
export const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

/** Session tag values: at most 256 of letters, digits, spaces and _.:/=+-@ */
export function sanitizeTagValue(raw: string): string {
  return raw.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, '-').slice(0, 256);
}
