/**
 * Decides whether a new document says anything the committed file does not. Provenance (which run,
 * when, from which source commit) alone never makes a commit: the candidate is rendered with the
 * committed file's provenance and compared byte for byte. A file that cannot be read as ours (hand
 * edited, another format, not there) counts as changed, and is rewritten canonically.
 */
import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import type { FactsFormat, InfraFacts, Provenance } from './infra-facts.js';
import { withProvenance } from './infra-facts.js';
import { CONFIGMAP_DOCUMENT_KEY, HELM_VALUES_KEY, renderFacts } from './render-facts.js';

export function factsUnchanged(
  previous: string | undefined,
  doc: InfraFacts,
  format: FactsFormat,
): boolean {
  if (previous === undefined) return false;
  const provenance = readProvenance(previous, format);
  if (!provenance) return false;
  return renderFacts(withProvenance(doc, provenance), format) === previous;
}

/**
 * A digest of what the facts say, provenance left out: equal digests, equal files up to provenance.
 * Carried in the commit trailer `Grape-Facts-Digest` so a later run can skip reading the file.
 */
export function factsDigest(doc: InfraFacts, format: FactsFormat): string {
  const neutral: Provenance = {
    deploymentId: '',
    generatedAt: '',
    engine: { name: '', version: '' },
    run: { id: null, url: null, actor: null },
    source: { ref: null, sha: null },
  };
  const text = renderFacts(withProvenance(doc, neutral), format);
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;
const stringOrNull = (value: unknown): value is string | null =>
  value === null || typeof value === 'string';

/** The provenance of a file we wrote before, or undefined when it is not one. */
export function readProvenance(text: string, format: FactsFormat): Provenance | undefined {
  let root: unknown;
  try {
    root = parseYaml(text, { version: '1.1' });
    if (format === 'helm-values') root = asObject(root)?.[HELM_VALUES_KEY];
    if (format === 'configmap') {
      const embedded = asObject(asObject(root)?.['data'])?.[CONFIGMAP_DOCUMENT_KEY];
      root = typeof embedded === 'string' ? parseYaml(embedded) : undefined;
    }
  } catch {
    return undefined;
  }
  const metadata = asObject(asObject(root)?.['metadata']);
  const engine = asObject(metadata?.['engine']);
  const run = asObject(metadata?.['run']);
  const source = asObject(metadata?.['source']);
  if (!metadata || !engine || !run || !source) return undefined;
  const { deploymentId, generatedAt } = metadata;
  const fields = [engine['name'], engine['version'], deploymentId, generatedAt];
  if (!fields.every((f) => typeof f === 'string')) return undefined;
  const nullable = [run['id'], run['url'], run['actor'], source['ref'], source['sha']];
  if (!nullable.every(stringOrNull)) return undefined;
  return {
    deploymentId: deploymentId as string,
    generatedAt: generatedAt as string,
    engine: { name: engine['name'] as string, version: engine['version'] as string },
    run: {
      id: run['id'] as string | null,
      url: run['url'] as string | null,
      actor: run['actor'] as string | null,
    },
    source: { ref: source['ref'] as string | null, sha: source['sha'] as string | null },
  };
}
