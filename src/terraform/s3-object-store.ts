/** The plan store's S3 adapter (AWS SDK v3, loaded only when a plan store is configured). */
import type { AwsSession } from '../identity/obtain-credentials.js';
import { awsProxyOptions } from '../runner/proxy-agent.js';
import type { ObjectStore } from './plan-store.js';

export async function createS3ObjectStore(
  session: AwsSession,
  env: NodeJS.ProcessEnv,
): Promise<ObjectStore> {
  const { S3Client, PutObjectCommand, GetObjectCommand, NoSuchKey } =
    await import('@aws-sdk/client-s3');
  const endpoint = env['AWS_ENDPOINT_URL_S3'] || env['AWS_ENDPOINT_URL'] || undefined;
  const client = new S3Client({
    ...awsProxyOptions(env),
    region: session.region ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? 'us-east-1',
    ...(session.credentials
      ? {
          credentials: {
            accessKeyId: session.credentials.accessKeyId,
            secretAccessKey: session.credentials.secretAccessKey,
            ...(session.credentials.sessionToken
              ? { sessionToken: session.credentials.sessionToken }
              : {}),
          },
        }
      : {}),
    // A custom endpoint (an S3-compatible store, a VPC endpoint URL, the test stand-in) usually
    // has no wildcard DNS/TLS for `<bucket>.<host>`, so virtual-hosted addressing would not
    // resolve; path-style (`<endpoint>/<bucket>/<key>`) works everywhere. Real S3 keeps the default.
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
  });
  return {
    async put(bucket, key, body, { kmsKeyId, sha256 }) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: 'application/zip',
          ServerSideEncryption: 'aws:kms',
          ...(kmsKeyId ? { SSEKMSKeyId: kmsKeyId } : {}),
          // S3 checks the bytes it receives against this and keeps it with the object.
          ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
          Metadata: { 'grape-sha256': sha256 },
        }),
      );
    },
    async get(bucket, key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return Buffer.from(await out.Body!.transformToByteArray());
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey')
          return undefined;
        throw error;
      }
    },
  };
}
