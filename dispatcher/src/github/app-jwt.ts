/**
 * The GitHub App's own JWT (RS256, `iss` = app id), which only buys installation tokens. Issued
 * 60 s in the past against clock drift, valid 9 minutes (GitHub's maximum is 10).
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';

/** GitHub hands out PKCS#1 PEM ("BEGIN RSA PRIVATE KEY"); node:crypto reads it and PKCS#8 alike. */
export const readAppKey = (pem: string): KeyObject => createPrivateKey(pem);

export function createAppJwt(appId: number, key: KeyObject, nowSeconds: number): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuer(String(appId))
    .setIssuedAt(nowSeconds - 60)
    .setExpirationTime(nowSeconds + 9 * 60)
    .sign(key);
}
