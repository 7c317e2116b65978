/**
 * What a committer writes: one file, its message, and the rule that decides, given the file now
 * in the repository, whether there is anything to write at all.
 */
import { commitWroteFacts, commitWrotePath, factsCommitMessage } from './commit-message.js';
import { factsDigest, factsUnchanged } from './compare-facts.js';
import type { FactsFormat, InfraFacts } from './infra-facts.js';
import { renderFacts } from './render-facts.js';

export interface FactsChange {
  readonly path: string;
  readonly content: string;
  readonly message: string;
  /** True when `previous` (the file's current text, undefined if absent) already says the same. */
  isUnchanged(previous: string | undefined): boolean;
  /**
   * What the head commit's message tells without reading the file: 'same' (it wrote these facts),
   * 'different' (it wrote other facts to this path), or 'unknown' (it did not write this path).
   */
  judgeHead(message: string): 'same' | 'different' | 'unknown';
}

export function factsChange(doc: InfraFacts, format: FactsFormat, path: string): FactsChange {
  const digest = factsDigest(doc, format);
  return {
    path,
    content: renderFacts(doc, format),
    message: factsCommitMessage(doc, path, digest),
    isUnchanged: (previous) => factsUnchanged(previous, doc, format),
    judgeHead: (message) =>
      commitWroteFacts(message, path, digest)
        ? 'same'
        : commitWrotePath(message, path)
          ? 'different'
          : 'unknown',
  };
}
