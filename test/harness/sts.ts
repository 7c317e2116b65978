/**
 * Stand-in for AWS STS on loopback, speaking the Query protocol (form-encoded POST, XML responses
 * and error documents in the 2011-06-15 namespace, as the API reference shows them). It enforces
 * what the real service enforces for Grape's calls: the web-identity JWT's signature (fetched from
 * the issuer's JWKS), issuer, audience and the trust policy's `sub` condition; SigV4 on AssumeRole
 * with credentials it issued; the ExternalId, TagSession/SetSourceIdentity and role-chaining limits.
 * Faults (throttling, 5xx, latency) can be injected.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRemoteJWKSet, jwtVerify, decodeJwt, errors as joseErrors } from 'jose';
import { listenOnLoopback, readBody, type LoopbackServer } from './http-server.js';
import { parseAuthorization, verifySigV4 } from './sigv4.js';

export interface WebIdentityTrust {
  /** Provider URL registered in IAM (the token's `iss`). */
  readonly issuer: string;
  /** The provider's client id list (the token's `aud` must be one). */
  readonly audiences: readonly string[];
  /** StringLike patterns the token's `sub` must match (any). */
  readonly subPatterns: readonly string[];
}

export interface RoleDefinition {
  readonly arn: string;
  readonly maxSessionDuration?: number;
  readonly webIdentity?: WebIdentityTrust;
  /** Role or user ARNs allowed to call sts:AssumeRole on this role. */
  readonly trustedPrincipals?: readonly string[];
  /** The `sts:ExternalId` condition, when the trust policy has one. */
  readonly externalId?: string;
  readonly allowTagSession?: boolean;
  readonly allowSourceIdentity?: boolean;
}

export interface Fault {
  readonly code?: string;
  readonly status?: number;
  readonly message?: string;
  readonly delayMs?: number;
  /** Close the connection without answering. */
  readonly dropConnection?: boolean;
}

export interface StsCall {
  readonly action: string;
  readonly params: Readonly<Record<string, string>>;
  readonly caller: string | undefined;
  readonly outcome: string;
}

interface IssuedSession {
  readonly secretAccessKey: string;
  readonly sessionToken: string | undefined;
  readonly arn: string;
  readonly chained: boolean;
  readonly expiration: Date;
}

export interface StsStandIn extends LoopbackServer {
  defineRole(role: RoleDefinition): void;
  /** Long-lived keys of an IAM principal, e.g. a self-hosted runner's instance role. */
  addStaticCredentials(accessKeyId: string, secretAccessKey: string, arn: string): void;
  injectFaults(...faults: Fault[]): void;
  readonly calls: StsCall[];
  /** Every secret it issued (secret keys and session tokens), for leak checks. */
  readonly issuedSecrets: string[];
  /** The secret (and token) of credentials it issued, so other AWS stand-ins can verify SigV4. */
  credentialsFor(
    accessKeyId: string,
  ): { secretAccessKey: string; sessionToken?: string | undefined } | undefined;
}

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

const escapeXml = (value: string): string =>
  value.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

class StsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}

const denied = (caller: string, action: string, resource: string): StsError =>
  new StsError(
    'AccessDenied',
    `User: ${caller} is not authorized to perform: ${action} on resource: ${resource}`,
    403,
  );

function stringLike(pattern: string, value: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) =>
        part
          .split('?')
          .map((p) => p.replace(/[.+^${}()|[\]\\]/g, '\\$&'))
          .join('.'),
      )
      .join('.*')}$`,
  );
  return regex.test(value);
}

const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

export async function startSts(): Promise<StsStandIn> {
  const roles = new Map<string, RoleDefinition>();
  const sessions = new Map<string, IssuedSession>();
  const faults: Fault[] = [];
  const calls: StsCall[] = [];
  const issuedSecrets: string[] = [];
  const jwksByIssuer = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

  const issue = (
    roleArn: string,
    sessionName: string,
    durationSeconds: number,
    chained: boolean,
  ) => {
    const match = ROLE_ARN.exec(roleArn)!;
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    const secretAccessKey = randomBytes(30).toString('base64');
    const sessionToken = `IQoJb3JpZ2luX2Vj${randomBytes(120).toString('base64')}`;
    const expiration = new Date(Math.floor(Date.now() / 1000 + durationSeconds) * 1000);
    const arn = `arn:aws:sts::${match[1]}:assumed-role/${match[2]}/${sessionName}`;
    sessions.set(accessKeyId, { secretAccessKey, sessionToken, arn, chained, expiration });
    issuedSecrets.push(secretAccessKey, sessionToken);
    return {
      xml:
        `<Credentials>\n        <AccessKeyId>${accessKeyId}</AccessKeyId>\n        <SecretAccessKey>${escapeXml(secretAccessKey)}</SecretAccessKey>\n` +
        `        <SessionToken>${escapeXml(sessionToken)}</SessionToken>\n        <Expiration>${expiration.toISOString().replace('.000', '')}</Expiration>\n      </Credentials>\n` +
        `      <AssumedRoleUser>\n        <Arn>${arn}</Arn>\n        <AssumedRoleId>AROA${randomBytes(8).toString('hex').toUpperCase()}:${sessionName}</AssumedRoleId>\n      </AssumedRoleUser>`,
    };
  };

  const checkCommon = (
    params: Record<string, string>,
    role: RoleDefinition | undefined,
    roleArn: string,
    chained: boolean,
  ): number => {
    if (!SESSION_NAME.test(params['RoleSessionName'] ?? '')) {
      throw new StsError(
        'ValidationError',
        `1 validation error detected: Value '${params['RoleSessionName'] ?? ''}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
      );
    }
    if (!ROLE_ARN.test(roleArn)) throw new StsError('ValidationError', `${roleArn} is invalid`);
    const duration =
      params['DurationSeconds'] === undefined ? 3600 : Number(params['DurationSeconds']);
    if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
      throw new StsError(
        'ValidationError',
        `1 validation error detected: Value '${params['DurationSeconds']}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200`,
      );
    }
    if (chained && duration > 3600) {
      throw new StsError(
        'ValidationError',
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      );
    }
    if (role && duration > (role.maxSessionDuration ?? 3600)) {
      throw new StsError(
        'ValidationError',
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      );
    }
    return duration;
  };

  const assumeRoleWithWebIdentity = async (params: Record<string, string>): Promise<string> => {
    const roleArn = params['RoleArn'] ?? '';
    const token = params['WebIdentityToken'] ?? '';
    const role = roles.get(roleArn);
    const duration = checkCommon(params, role, roleArn, false);
    let unverified: ReturnType<typeof decodeJwt>;
    try {
      unverified = decodeJwt(token);
    } catch {
      throw new StsError(
        'InvalidIdentityToken',
        'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)',
      );
    }
    const trust = role?.webIdentity;
    if (!trust || trust.issuer !== unverified.iss) {
      throw new StsError(
        'InvalidIdentityToken',
        `No OpenIDConnect provider found in your account for ${String(unverified.iss ?? '').replace(/^https?:\/\//, '')}`,
      );
    }
    let jwks = jwksByIssuer.get(trust.issuer);
    if (!jwks) {
      jwks = createRemoteJWKSet(new URL(`${trust.issuer}/.well-known/jwks`));
      jwksByIssuer.set(trust.issuer, jwks);
    }
    let claims;
    try {
      claims = (await jwtVerify(token, jwks, { issuer: trust.issuer, algorithms: ['RS256'] }))
        .payload;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) {
        throw new StsError(
          'ExpiredTokenException',
          'Token expired: current date/time must be before the expiration date/time.',
        );
      }
      throw new StsError(
        'InvalidIdentityToken',
        "Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements",
      );
    }
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud ?? ''];
    if (!audiences.some((aud) => trust.audiences.includes(aud))) {
      throw new StsError('InvalidIdentityToken', 'Incorrect token audience');
    }
    if (!trust.subPatterns.some((pattern) => stringLike(pattern, String(claims.sub)))) {
      throw new StsError(
        'AccessDenied',
        'Not authorized to perform sts:AssumeRoleWithWebIdentity',
        403,
      );
    }
    const issued = issue(roleArn, params['RoleSessionName']!, duration, false);
    return (
      `<AssumeRoleWithWebIdentityResponse xmlns="${NS}">\n  <AssumeRoleWithWebIdentityResult>\n` +
      `    <SubjectFromWebIdentityToken>${escapeXml(String(claims.sub))}</SubjectFromWebIdentityToken>\n` +
      `    <Audience>${escapeXml(audiences[0]!)}</Audience>\n      ${issued.xml}\n` +
      `    <Provider>${escapeXml(trust.issuer.replace(/^https?:\/\//, ''))}</Provider>\n  </AssumeRoleWithWebIdentityResult>\n` +
      `  <ResponseMetadata>\n    <RequestId>${randomUUID()}</RequestId>\n  </ResponseMetadata>\n</AssumeRoleWithWebIdentityResponse>\n`
    );
  };

  const callerOf = async (
    request: IncomingMessage,
    body: Buffer,
  ): Promise<{ arn: string; chained: boolean }> => {
    const auth = parseAuthorization(request.headers.authorization);
    if (!auth)
      throw new StsError(
        'MissingAuthenticationToken',
        'Request is missing Authentication Token',
        403,
      );
    const session = sessions.get(auth.accessKeyId);
    if (!session)
      throw new StsError(
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
        403,
      );
    const token = request.headers['x-amz-security-token'];
    if (session.sessionToken !== undefined && token !== session.sessionToken) {
      throw new StsError(
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
        403,
      );
    }
    if (!(await verifySigV4(request, body, session.secretAccessKey, session.sessionToken))) {
      throw new StsError(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
        403,
      );
    }
    if (session.expiration.getTime() < Date.now())
      throw new StsError(
        'ExpiredToken',
        'The security token included in the request is expired',
        403,
      );
    return { arn: session.arn, chained: session.sessionToken !== undefined };
  };

  const assumeRole = async (
    params: Record<string, string>,
    caller: { arn: string; chained: boolean },
  ): Promise<string> => {
    const roleArn = params['RoleArn'] ?? '';
    const role = roles.get(roleArn);
    const duration = checkCommon(params, role, roleArn, caller.chained);
    const callerRole = caller.arn.replace(
      /^arn:(aws[\w-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.*$/,
      'arn:$1:iam::$2:role/$3',
    );
    if (!role || !(role.trustedPrincipals ?? []).includes(callerRole))
      throw denied(caller.arn, 'sts:AssumeRole', roleArn);
    if (role.externalId !== undefined && params['ExternalId'] !== role.externalId)
      throw denied(caller.arn, 'sts:AssumeRole', roleArn);
    const hasTags = Object.keys(params).some((key) => key.startsWith('Tags.member.'));
    if (hasTags && !role.allowTagSession) throw denied(caller.arn, 'sts:TagSession', roleArn);
    if (params['SourceIdentity'] !== undefined && !role.allowSourceIdentity)
      throw denied(caller.arn, 'sts:SetSourceIdentity', roleArn);
    const issued = issue(roleArn, params['RoleSessionName']!, duration, true);
    return (
      `<AssumeRoleResponse xmlns="${NS}">\n  <AssumeRoleResult>\n` +
      (params['SourceIdentity']
        ? `    <SourceIdentity>${escapeXml(params['SourceIdentity'])}</SourceIdentity>\n`
        : '') +
      `      ${issued.xml}\n    <PackedPolicySize>${hasTags ? 6 : 0}</PackedPolicySize>\n  </AssumeRoleResult>\n` +
      `  <ResponseMetadata>\n    <RequestId>${randomUUID()}</RequestId>\n  </ResponseMetadata>\n</AssumeRoleResponse>\n`
    );
  };

  const getCallerIdentity = (caller: { arn: string }): string => {
    const account = /::(\d{12}):/.exec(caller.arn)?.[1] ?? '000000000000';
    return (
      `<GetCallerIdentityResponse xmlns="${NS}">\n  <GetCallerIdentityResult>\n    <Arn>${caller.arn}</Arn>\n` +
      `    <UserId>AROA${randomBytes(8).toString('hex').toUpperCase()}:grape</UserId>\n    <Account>${account}</Account>\n` +
      `  </GetCallerIdentityResult>\n  <ResponseMetadata>\n    <RequestId>${randomUUID()}</RequestId>\n  </ResponseMetadata>\n</GetCallerIdentityResponse>\n`
    );
  };

  const sendError = (response: ServerResponse, error: StsError): void => {
    response.writeHead(error.status, {
      'content-type': 'text/xml',
      'x-amzn-requestid': randomUUID(),
    });
    response.end(
      `<ErrorResponse xmlns="${NS}">\n  <Error>\n    <Type>${error.type}</Type>\n    <Code>${error.code}</Code>\n` +
        `    <Message>${escapeXml(error.message)}</Message>\n  </Error>\n  <RequestId>${randomUUID()}</RequestId>\n</ErrorResponse>\n`,
    );
  };

  const server = await listenOnLoopback(async (request, response) => {
    const body = await readBody(request);
    const params = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
    const action = params['Action'] ?? '';
    let caller: string | undefined;
    const record = (outcome: string): void => {
      calls.push({ action, params, caller, outcome });
    };
    const fault = faults.shift();
    if (fault) {
      if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault.dropConnection) {
        record('dropped');
        request.socket.destroy();
        return;
      }
      if (fault.code || fault.status) {
        const status = fault.status ?? 400;
        record(fault.code ?? String(status));
        sendError(
          response,
          new StsError(
            fault.code ?? 'ServiceUnavailable',
            fault.message ?? 'Injected fault',
            status,
            status >= 500 ? 'Receiver' : 'Sender',
          ),
        );
        return;
      }
    }
    try {
      if (request.method !== 'POST' || params['Version'] !== '2011-06-15') {
        throw new StsError(
          'InvalidAction',
          `Could not find operation ${action} for version ${params['Version'] ?? 'NO_VERSION_SPECIFIED'}`,
        );
      }
      let xml: string;
      if (action === 'AssumeRoleWithWebIdentity') {
        if (request.headers.authorization) caller = 'signed';
        xml = await assumeRoleWithWebIdentity(params);
      } else if (action === 'AssumeRole' || action === 'GetCallerIdentity') {
        const who = await callerOf(request, body);
        caller = who.arn;
        xml = action === 'AssumeRole' ? await assumeRole(params, who) : getCallerIdentity(who);
      } else {
        throw new StsError(
          'InvalidAction',
          `Could not find operation ${action} for version 2011-06-15`,
        );
      }
      record('ok');
      response.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
      response.end(xml);
    } catch (error) {
      if (!(error instanceof StsError)) throw error;
      record(error.code);
      sendError(response, error);
    }
  });

  return {
    ...server,
    defineRole: (role) => void roles.set(role.arn, role),
    addStaticCredentials: (accessKeyId, secretAccessKey, arn) =>
      void sessions.set(accessKeyId, {
        secretAccessKey,
        sessionToken: undefined,
        arn,
        chained: false,
        expiration: new Date(Date.now() + 86_400_000),
      }),
    injectFaults: (...more) => void faults.push(...more),
    calls,
    issuedSecrets,
    credentialsFor: (accessKeyId) => sessions.get(accessKeyId),
  };
}
