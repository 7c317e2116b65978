/**
 * Renders an InfraFacts document in one of the four formats, deterministically: the same document
 * always gives the same bytes (fixed envelope order, every other key sorted, no line folding, exact
 * numbers), so an unchanged apply finds an identical file and makes no commit.
 *
 * YAML is written so YAML 1.1 readers (Helm and Kubernetes tooling use go-yaml) read it as YAML 1.2
 * readers do: strings such as "yes", "on", "0x1F" or "2026-01-01" are quoted.
 */
import { isLosslessNumber, stringify as losslessStringify } from 'lossless-json';
import { Document, type Tags } from 'yaml';
import { sortKeysDeep } from './canonical-value.js';
import type { FactsFormat, InfraFacts } from './infra-facts.js';

/** Key of the ConfigMap entry holding the whole document as JSON. */
export const CONFIGMAP_DOCUMENT_KEY = 'infra-facts.json';
/** Top-level key of the Helm values file: charts read `.Values.grape.facts.<name>`. */
export const HELM_VALUES_KEY = 'grape';

const HEADER =
  ' InfraFacts written by Grape after each apply (grape.dev/v1).\n Do not edit: the next apply replaces this file.';

/** Writes a lossless number as its exact decimal text, as a plain (untagged) YAML scalar. */
const losslessNumberTag: Tags[number] = {
  identify: (value: unknown) => isLosslessNumber(value),
  default: true,
  tag: 'tag:yaml.org,2002:float',
  test: /^(?!)$/,
  resolve: (source: string) => source,
  stringify: (item) => String((item as { value: unknown }).value),
};

export function renderFacts(doc: InfraFacts, format: FactsFormat): string {
  switch (format) {
    case 'yaml':
      return renderYaml(envelope(doc), HEADER);
    case 'json':
      return renderJson(envelope(doc));
    case 'helm-values':
      return renderYaml({ [HELM_VALUES_KEY]: envelope(doc) }, HEADER);
    case 'configmap':
      return renderYaml(configMap(doc), HEADER);
  }
}

/** The document with its envelope in Kubernetes order and every other key sorted. */
function envelope(doc: InfraFacts): Record<string, unknown> {
  return {
    apiVersion: doc.apiVersion,
    kind: doc.kind,
    metadata: sortKeysDeep(doc.metadata),
    facts: sortKeysDeep(doc.facts),
    redacted: [...doc.redacted],
  };
}

export function renderJson(value: unknown): string {
  return `${losslessStringify(value, undefined, 2) ?? 'null'}\n`;
}

function renderYaml(value: unknown, header: string): string {
  const document = new Document(value, { version: '1.1', customTags: [losslessNumberTag] });
  document.commentBefore = header;
  return document.toString({ lineWidth: 0, indentSeq: true });
}

/** A fact as a ConfigMap value: strings as they are, anything else as compact JSON. */
function configMapValue(value: unknown): string {
  return typeof value === 'string' ? value : (losslessStringify(sortKeysDeep(value)) ?? 'null');
}

function configMap(doc: InfraFacts): Record<string, unknown> {
  const { metadata } = doc;
  const data: Record<string, string> = {};
  for (const name of Object.keys(doc.facts).sort()) data[name] = configMapValue(doc.facts[name]);
  data[CONFIGMAP_DOCUMENT_KEY] = renderJson(envelope(doc));
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: configMapName(metadata.project, metadata.environment),
      labels: {
        'app.kubernetes.io/managed-by': 'grape',
        'grape.dev/environment': metadata.environment,
        'grape.dev/project': metadata.project,
      },
      annotations: sortKeysDeep({
        'grape.dev/deployment-id': metadata.deploymentId,
        'grape.dev/generated-at': metadata.generatedAt,
        'grape.dev/source-sha': metadata.source.sha ?? undefined,
        'grape.dev/run-url': metadata.run.url ?? undefined,
      }),
    },
    data: Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}

/** A DNS-1123 subdomain name: `grape-facts-<project>-<environment>`, lower case. */
export function configMapName(project: string, environment: string): string {
  return `grape-facts-${project}-${environment}`
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .slice(0, 253)
    .replace(/[^a-z0-9]+$/, '');
}
