/**
 * What a committer writes: the facts file, any companion files committed with it (ExternalSecret
 * manifests), its message, and the rule that decides, given the files now in the repository,
 * whether there is anything to write at all.
 */
import { createHash } from 'node:crypto';
import { commitWroteFacts, commitWrotePath, factsCommitMessage } from './commit-message.js';
import { factsDigest, factsUnchanged } from './compare-facts.js';
import type { FactsFormat, InfraFacts } from './infra-facts.js';
import { renderFacts } from './render-facts.js';

/** A file written in the same commit as the facts, byte for byte (it carries no provenance). */
export interface CompanionFile {
  readonly path: string;
  readonly content: string;
}

export interface FactsChange {
  readonly path: string;
  readonly content: string;
  readonly message: string;
  readonly companions: readonly CompanionFile[];
  /** True when `previous` (the file's current text, undefined if absent) already says the same. */
  isUnchanged(previous: string | undefined): boolean;
  /**
   * True when the facts file and every companion already say the same; `read` gives a path's
   * current text (undefined when absent).
   */
  unchangedIn(read: (path: string) => Promise<string | undefined>): Promise<boolean>;
  /**
   * What the head commit's message tells without reading the file: 'same' (it wrote these facts),
   * 'different' (it wrote other facts to this path), or 'unknown' (it did not write this path).
   */
  judgeHead(message: string): 'same' | 'different' | 'unknown';
}

export function factsChange(
  doc: InfraFacts,
  format: FactsFormat,
  path: string,
  companions: readonly CompanionFile[] = [],
): FactsChange {
  // The trailer's digest covers the companions too: 'same' on the head means all of them are.
  const digest =
    companions.length === 0
      ? factsDigest(doc, format)
      : `sha256:${createHash('sha256')
          .update(
            JSON.stringify([
              factsDigest(doc, format),
              ...companions.map((c) => [c.path, c.content]),
            ]),
          )
          .digest('hex')}`;
  const isUnchanged = (previous: string | undefined) => factsUnchanged(previous, doc, format);
  return {
    path,
    content: renderFacts(doc, format),
    message: factsCommitMessage(doc, path, digest),
    companions,
    isUnchanged,
    unchangedIn: async (read) => {
      if (!isUnchanged(await read(path))) return false;
      for (const companion of companions)
        if ((await read(companion.path)) !== companion.content) return false;
      return true;
    },
    judgeHead: (message) =>
      commitWroteFacts(message, path, digest)
        ? 'same'
        : commitWrotePath(message, path)
          ? 'different'
          : 'unknown',
  };
}
