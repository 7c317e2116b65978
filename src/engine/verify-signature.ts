/**
 * Checks the detached OpenPGP signature over a SHA256SUMS file. Fails closed: a key with another
 * fingerprint, an unreadable signature, a signature by any other key or over other bytes all throw.
 * Signatures are made by a signing subkey (HashiCorp: C820C6D5CD27AB87), which openpgp matches
 * through the primary key's binding signatures.
 */
import * as openpgp from 'openpgp';
import { GrapeError, errorMessage } from '../errors.js';

export interface TrustedKey {
  readonly armored: string;
  /** Required primary fingerprint (upper-case hex) for built-in keys; undefined for user keys. */
  readonly fingerprint: string | undefined;
  /** "HashiCorp's release key", "the key in release-signing-key" … */
  readonly name: string;
}

export async function readTrustedKey(key: TrustedKey): Promise<openpgp.PublicKey> {
  let parsed: openpgp.Key;
  try {
    parsed = await openpgp.readKey({ armoredKey: key.armored });
  } catch (error) {
    throw new GrapeError(
      `Could not read ${key.name}: ${errorMessage(error)}. Give an armored OpenPGP public key.`,
    );
  }
  if (parsed.isPrivate())
    throw new GrapeError(
      `${key.name} is a private key. Give the public key, and rotate the private one.`,
    );
  const fingerprint = parsed.getFingerprint().toUpperCase();
  if (key.fingerprint !== undefined && fingerprint !== key.fingerprint)
    throw new GrapeError(
      `${key.name} has fingerprint ${fingerprint}, expected ${key.fingerprint}: refusing to trust it.`,
    );
  return parsed as openpgp.PublicKey;
}

export async function verifySumsSignature(
  sums: Uint8Array,
  signature: Uint8Array,
  key: TrustedKey,
  what: string,
): Promise<void> {
  const publicKey = await readTrustedKey(key);
  let sig: openpgp.Signature;
  try {
    sig = await openpgp.readSignature({ binarySignature: signature });
  } catch {
    try {
      // Some mirrors serve armored signatures; accept them too.
      sig = await openpgp.readSignature({
        armoredSignature: Buffer.from(signature).toString('utf8'),
      });
    } catch (error) {
      throw new GrapeError(
        `The signature of ${what} is not an OpenPGP signature (${errorMessage(error)}): refusing to install.`,
      );
    }
  }
  try {
    const result = await openpgp.verify({
      message: await openpgp.createMessage({ binary: sums }),
      signature: sig,
      verificationKeys: publicKey,
      expectSigned: true,
      format: 'binary',
    });
    // expectSigned throws on failure; the loop also makes sure every signature checked out.
    for (const s of result.signatures) await s.verified;
  } catch (error) {
    throw new GrapeError(
      `The signature of ${what} does not verify with ${key.name} (${errorMessage(error)}): refusing to install. The files may have been tampered with, or the mirror serves files signed by another key.`,
    );
  }
}
