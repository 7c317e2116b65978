/**
 * The ES256 key the dispatcher signs specs with: from GRAPE_SPEC_SIGNING_KEY, else the data dir,
 * else generated there on first start (mode 0600). Its public half is what runner repos are given
 * (`spec-public-key`), served at /v1/spec-key and printed at boot.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';

export interface SpecKey {
  readonly privateKey: KeyObject;
  readonly publicKeyPem: string;
  readonly jwk: JWK;
  /** RFC 7638 thumbprint of the public JWK. */
  readonly kid: string;
  readonly generated: boolean;
}

export const SPEC_KEY_FILE = 'spec-signing-key.pem';

export async function loadSpecKey(pem: string | undefined, dataDir: string): Promise<SpecKey> {
  let generated = false;
  if (pem === undefined) {
    const file = path.join(dataDir, SPEC_KEY_FILE);
    try {
      pem = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      await mkdir(dataDir, { recursive: true, mode: 0o700 });
      await writeFile(file, pem, { mode: 0o600, flag: 'wx' });
      generated = true;
    }
  }
  const privateKey = createPrivateKey(pem);
  if (
    privateKey.asymmetricKeyType !== 'ec' ||
    privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1'
  )
    throw new Error('GRAPE_SPEC_SIGNING_KEY is not a P-256 (ES256) private key');
  const publicKey = createPublicKey(privateKey);
  const jwk = { ...(await exportJWK(publicKey)), alg: 'ES256', use: 'sig' };
  const kid = await calculateJwkThumbprint(jwk);
  return {
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    jwk: { ...jwk, kid },
    kid,
    generated,
  };
}
