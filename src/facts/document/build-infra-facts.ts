/** Assembles the InfraFacts document from the selected outputs and what is known about the run. */
import {
  FACTS_API_VERSION,
  FACTS_KIND,
  type FactsMetadata,
  type InfraFacts,
} from './infra-facts.js';
import type { SelectedOutputs } from './select-outputs.js';

export type FactsMetadataInput = Omit<FactsMetadata, 'generatedAt'>;

export function buildInfraFacts(
  metadata: FactsMetadataInput,
  outputs: SelectedOutputs,
  now: Date,
): InfraFacts {
  return {
    apiVersion: FACTS_API_VERSION,
    kind: FACTS_KIND,
    metadata: { ...metadata, generatedAt: rfc3339Seconds(now) },
    facts: outputs.facts,
    redacted: [...outputs.redacted].sort(),
  };
}

/** `2026-11-22T10:00:00Z`: UTC, whole seconds (stable width, no locale). */
export function rfc3339Seconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
