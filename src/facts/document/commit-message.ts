/**
 * The facts commit's message. Its trailers make `git log` the audit trail ArgoCD users already
 * read: which deployment, which run, which source commit; plus a digest of the facts so the next
 * run can tell, from the branch head alone, whether the file still says the same.
 */
import type { InfraFacts } from './infra-facts.js';

export const TRAILER = {
  deployment: 'Grape-Deployment',
  run: 'Grape-Run',
  source: 'Grape-Source',
  path: 'Grape-Facts-Path',
  digest: 'Grape-Facts-Digest',
} as const;

export function factsCommitMessage(doc: InfraFacts, path: string, digest: string): string {
  const { project, environment, deploymentId, run, source } = doc.metadata;
  const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
  const facts = Object.keys(doc.facts).length;
  const summary =
    `${count(facts, 'fact')}` +
    (doc.redacted.length > 0 ? `, ${count(doc.redacted.length, 'sensitive output')} redacted` : '');
  const sourceRef =
    source.repository && source.sha
      ? `${source.repository}@${source.sha}`
      : (source.sha ?? source.repository ?? 'unknown');
  const trailers = [
    `${TRAILER.deployment}: ${deploymentId}`,
    `${TRAILER.run}: ${run.url ?? run.id ?? 'local'}`,
    `${TRAILER.source}: ${sourceRef}`,
    `${TRAILER.path}: ${path}`,
    `${TRAILER.digest}: ${digest}`,
  ];
  return `facts(${project}/${environment}): update infra facts\n\n${summary}, written to ${path} by deployment ${deploymentId}.\n\n${trailers.join('\n')}\n`;
}

/** The trailers of a commit message (last paragraph `Key: value` lines). */
export function parseTrailers(message: string): Record<string, string> {
  const paragraphs = message.trim().split(/\n\s*\n/);
  const last = paragraphs.at(-1) ?? '';
  const trailers: Record<string, string> = {};
  for (const line of last.split('\n')) {
    const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line.trim());
    if (m) trailers[m[1]!] = m[2]!;
  }
  return trailers;
}

/** True when `message` is of a commit that wrote exactly these facts to `path`. */
export function commitWroteFacts(message: string, path: string, digest: string): boolean {
  const trailers = parseTrailers(message);
  return trailers[TRAILER.path] === path && trailers[TRAILER.digest] === digest;
}

/** True when `message` is of a Grape commit that wrote `path` (with whatever facts). */
export function commitWrotePath(message: string, path: string): boolean {
  return parseTrailers(message)[TRAILER.path] === path;
}
