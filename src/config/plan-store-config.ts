/** The plan-store inputs: where plans are kept between runs, and which stored plan to apply. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { quote, type InputReader } from '../inputs/input-reader.js';

/**
 * Where plans are kept: an S3 bucket (GitHub runs), or a directory on this machine (the
 * dispatcher's local executor, `file:///…`), where `bucket` is the absolute directory.
 */
export interface PlanStoreLocation {
  readonly kind: 's3' | 'file';
  readonly bucket: string;
  /** Key prefix without leading or trailing '/', possibly ''. */
  readonly prefix: string;
  readonly kmsKeyId: string | undefined;
}

/** An approved plan to apply instead of planning again. */
export interface SavedPlan {
  readonly id: string;
  readonly sha256: string;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PLAN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function readPlanStore(inputs: InputReader): PlanStoreLocation | undefined {
  const value = inputs.string('plan-store');
  const kmsKeyId = inputs.string('plan-store-kms-key-id');
  if (kmsKeyId !== undefined && value === undefined)
    inputs.failCombination(
      'plan-store-kms-key-id',
      "Input 'plan-store-kms-key-id' is set but 'plan-store' is not. Set 'plan-store' to e.g. 's3://acme-tf-state/plans', or remove the key id.",
    );
  if (
    kmsKeyId !== undefined &&
    !/^(arn:aws[\w-]*:kms:[\w-]+:\d{12}:(key|alias)\/[\w/+=,.@-]+|alias\/[\w/+=,.@-]+|[0-9a-f-]{36}|mrk-[0-9a-f]{32})$/.test(
      kmsKeyId,
    )
  )
    inputs.fail(
      'plan-store-kms-key-id',
      kmsKeyId,
      'not a KMS key id, ARN or alias',
      "Use e.g. 'alias/terraform-state' or 'arn:aws:kms:eu-west-1:123456789012:key/…'.",
    );
  if (value === undefined) return undefined;
  if (value.startsWith('file:')) return readFileStore(inputs, value, kmsKeyId);
  const m = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(value);
  if (!m || !BUCKET.test(m[1]!) || m[1]!.includes('..')) {
    inputs.fail(
      'plan-store',
      value,
      'not an s3://bucket/prefix URL',
      "Use e.g. 's3://acme-tf-state/plans' (the bucket of your state backend).",
    );
    return undefined;
  }
  return {
    kind: 's3',
    bucket: m[1]!,
    prefix: (m[2] ?? '').replace(/^\/+|\/+$/g, ''),
    kmsKeyId,
  };
}

/** `file:///dir`: a directory on this machine (the dispatcher's local executor keeps plans there). */
function readFileStore(
  inputs: InputReader,
  value: string,
  kmsKeyId: string | undefined,
): PlanStoreLocation | undefined {
  let dir: string | undefined;
  try {
    dir = fileURLToPath(value);
  } catch {
    dir = undefined;
  }
  if (dir === undefined || !path.isAbsolute(dir) || new URL(value).host !== '') {
    inputs.fail(
      'plan-store',
      value,
      'not a file:// URL of an absolute directory on this machine',
      "Use e.g. 'file:///var/lib/grape/plans'.",
    );
    return undefined;
  }
  if (kmsKeyId !== undefined)
    inputs.failCombination(
      'plan-store-kms-key-id',
      "Input 'plan-store-kms-key-id' only applies to an s3:// plan store: remove it with a file:// one.",
    );
  return { kind: 'file', bucket: path.resolve(dir), prefix: '', kmsKeyId: undefined };
}

export function readSavedPlan(
  inputs: InputReader,
  operation: string,
  haveStore: boolean,
): SavedPlan | undefined {
  const id = inputs.string('plan-id');
  const sha256 = inputs.string('plan-sha256');
  if (id === undefined && sha256 === undefined) return undefined;
  let ok = true;
  if (id !== undefined && !PLAN_ID.test(id)) {
    ok =
      inputs.fail(
        'plan-id',
        id,
        'not a plan id',
        "Use the plan-id output of the plan run, e.g. 'dep_01HZX3'.",
      ) ?? false;
  }
  if (sha256 !== undefined && !/^[0-9a-f]{64}$/.test(sha256)) {
    ok =
      inputs.fail(
        'plan-sha256',
        sha256,
        'not a SHA-256 (64 lower-case hex digits)',
        'Use the plan-sha256 output of the plan run.',
      ) ?? false;
  }
  if (id === undefined || sha256 === undefined) {
    inputs.failCombination(
      id === undefined ? 'plan-sha256' : 'plan-id',
      "Inputs 'plan-id' and 'plan-sha256' go together: the apply run only applies the stored plan whose SHA-256 it was given. Set both from the plan run's outputs.",
    );
    ok = false;
  }
  if (operation !== 'apply') {
    inputs.failCombination(
      'plan-id',
      `Input 'plan-id' only works with 'operation: apply' (this run's operation is ${quote(operation)}).`,
    );
    ok = false;
  }
  if (!haveStore) {
    inputs.failCombination(
      'plan-id',
      "Input 'plan-id' needs 'plan-store': the location (s3://… or file://…) the plan run stored the plan in.",
    );
    ok = false;
  }
  return ok && id !== undefined && sha256 !== undefined ? { id, sha256 } : undefined;
}
