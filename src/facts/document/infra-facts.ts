/**
 * The InfraFacts document (DESIGN.md §5): what the infrastructure now is, as the GitOps hand-off.
 * Published as JSON Schema in schemas/infra-facts.schema.json.
 */

export const FACTS_API_VERSION = 'grape.dev/v1';
export const FACTS_KIND = 'InfraFacts';

// The formats are a configuration choice (config/facts/facts-path.ts); the document is one of them.
export { FACTS_FORMATS, type FactsFormat } from '../../config/facts/facts-path.js';

/**
 * A fact's value as Terraform gave it: JSON, where every number is kept as its exact decimal text
 * (a `LosslessNumber` from lossless-json), so 12345678901234567890 stays 12345678901234567890.
 */
export type FactValue = unknown;

export interface FactsMetadata {
  readonly project: string;
  readonly environment: string;
  readonly deploymentId: string;
  /** RFC 3339, UTC, whole seconds. */
  readonly generatedAt: string;
  readonly engine: { readonly name: string; readonly version: string };
  readonly source: {
    readonly repository: string | null;
    readonly ref: string | null;
    readonly sha: string | null;
    readonly path: string | null;
  };
  readonly run: {
    readonly id: string | null;
    readonly url: string | null;
    readonly actor: string | null;
  };
}

export interface InfraFacts {
  readonly apiVersion: typeof FACTS_API_VERSION;
  readonly kind: typeof FACTS_KIND;
  readonly metadata: FactsMetadata;
  /** Non-sensitive outputs by name. */
  readonly facts: Readonly<Record<string, FactValue>>;
  /** Names of sensitive outputs; their values never leave the runner. */
  readonly redacted: readonly string[];
}

/**
 * The metadata that says which deployment produced the facts, not what the facts are. A change
 * here alone (a new run, a new source commit that changed no output) makes no commit: the file
 * keeps naming the deployment that last changed the facts.
 */
export type Provenance = Pick<FactsMetadata, 'deploymentId' | 'generatedAt' | 'engine' | 'run'> & {
  readonly source: Pick<FactsMetadata['source'], 'ref' | 'sha'>;
};

export function provenanceOf(doc: InfraFacts): Provenance {
  const { deploymentId, generatedAt, engine, run, source } = doc.metadata;
  return { deploymentId, generatedAt, engine, run, source: { ref: source.ref, sha: source.sha } };
}

export function withProvenance(doc: InfraFacts, provenance: Provenance): InfraFacts {
  return {
    ...doc,
    metadata: {
      ...doc.metadata,
      ...provenance,
      source: { ...doc.metadata.source, ...provenance.source },
    },
  };
}
