/**
 * Keeps a saved plan between the plan run and the approved apply run, in the customer's own
 * bucket (encrypted with SSE-KMS) or, for the dispatcher's local executor, a directory on the
 * machine; one key per plan id. The apply run gets the plan's SHA-256 from the approval and
 * refuses any other bytes, wherever they were kept.
 */
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { GrapeError, errorMessage } from '../errors.js';
import type { PlanStoreLocation } from '../config/terraform-config.js';

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

/** The stored plan's address as a user reads it: `s3://bucket/key` or `file:///dir/key`. */
export const planUrl = (store: PlanStoreLocation, key: string): string =>
  store.kind === 'file'
    ? pathToFileURL(path.join(store.bucket, key)).href
    : `s3://${store.bucket}/${key}`;

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
      `Could not store the plan at ${planUrl(store, key)}: ${errorMessage(error)}.`,
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
      `Could not read the stored plan ${planUrl(store, key)}: ${errorMessage(error)}.`,
    );
  }
  if (body === undefined)
    throw new GrapeError(
      `No stored plan at ${planUrl(store, key)}: check plan-id and plan-store against the plan run's outputs.`,
    );
  const actual = sha256Hex(body);
  if (actual !== plan.sha256) {
    await rm(file, { force: true });
    throw new GrapeError(
      `The stored plan ${planUrl(store, key)} has SHA-256 ${actual}, not the approved ${plan.sha256}: refusing to apply it. It was replaced after approval, or plan-sha256 belongs to another plan.`,
    );
  }
  await writeFile(file, body, { mode: 0o600 });
}
