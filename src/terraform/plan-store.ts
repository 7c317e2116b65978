/**
 * Keeps a saved plan between the plan run and the approved apply run, in the customer's own
 * bucket (encrypted with SSE-KMS), one key per plan id. The apply run gets the plan's SHA-256
 * from the approval and refuses any other bytes.
 */
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { GrapeError, errorMessage } from '../errors.js';
import type { PlanStoreLocation } from './terraform-config.js';

export interface ObjectStore {
  put(
    bucket: string,
    key: string,
    body: Buffer,
    options: { kmsKeyId: string | undefined; sha256: string },
  ): Promise<void>;
  get(bucket: string, key: string): Promise<Buffer | undefined>;
}

export const planKey = (store: PlanStoreLocation, planId: string): string =>
  `${store.prefix === '' ? '' : `${store.prefix}/`}${planId}.tfplan`;

export const sha256Hex = (bytes: Buffer): string =>
  createHash('sha256').update(bytes).digest('hex');

/** Uploads the plan file; returns its SHA-256 (hex). */
export async function storePlan(
  objects: ObjectStore,
  store: PlanStoreLocation,
  planId: string,
  file: string,
): Promise<string> {
  const body = await readFile(file);
  const sha256 = sha256Hex(body);
  const key = planKey(store, planId);
  try {
    await objects.put(store.bucket, key, body, { kmsKeyId: store.kmsKeyId, sha256 });
  } catch (error) {
    throw new GrapeError(
      `Could not store the plan at s3://${store.bucket}/${key}: ${errorMessage(error)}.`,
    );
  }
  return sha256;
}

/** Downloads the plan into `file` only if its bytes have exactly the approved SHA-256. */
export async function fetchPlan(
  objects: ObjectStore,
  store: PlanStoreLocation,
  plan: { readonly id: string; readonly sha256: string },
  file: string,
): Promise<void> {
  const key = planKey(store, plan.id);
  let body: Buffer | undefined;
  try {
    body = await objects.get(store.bucket, key);
  } catch (error) {
    throw new GrapeError(
      `Could not read the stored plan s3://${store.bucket}/${key}: ${errorMessage(error)}.`,
    );
  }
  if (body === undefined)
    throw new GrapeError(
      `No stored plan at s3://${store.bucket}/${key}: check plan-id and plan-store against the plan run's outputs.`,
    );
  const actual = sha256Hex(body);
  if (actual !== plan.sha256) {
    await rm(file, { force: true });
    throw new GrapeError(
      `The stored plan s3://${store.bucket}/${key} has SHA-256 ${actual}, not the approved ${plan.sha256}: refusing to apply it. It was replaced after approval, or plan-sha256 belongs to another plan.`,
    );
  }
  await writeFile(file, body, { mode: 0o600 });
}
