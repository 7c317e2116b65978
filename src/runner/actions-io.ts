/**
 * The one place that talks to the GitHub Actions runner (`@actions/core`). Everything else in the
 * action receives an `ActionsIO` value, so steps are testable without a runner and without
 * module mocking.
 */
import * as core from '@actions/core';

export interface AnnotationProps {
  readonly title?: string;
  readonly file?: string;
  readonly startLine?: number;
  readonly startColumn?: number;
}

export interface ActionsIO {
  /** The raw input value, trimmed; `''` when the input was not given. */
  getInput(name: string): string;
  setOutput(name: string, value: string): void;
  /** Registers a value with the runner's log masker. Call before the value can appear anywhere. */
  setSecret(value: string): void;
  exportVariable(name: string, value: string): void;
  saveState(name: string, value: string): void;
  getState(name: string): string;
  debug(message: string): void;
  info(message: string): void;
  notice(message: string, props?: AnnotationProps): void;
  warning(message: string, props?: AnnotationProps): void;
  error(message: string, props?: AnnotationProps): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** The workflow's OIDC token for `audience` (already masked by the runner toolkit). */
  getIDToken(audience: string): Promise<string>;
  /** Appends markdown to the job summary (GITHUB_STEP_SUMMARY). */
  appendSummary(markdown: string): Promise<void>;
  setFailed(message: string): void;
}

/** The real runner, through `@actions/core`. */
export function coreIO(): ActionsIO {
  return {
    getInput: (name) => core.getInput(name),
    setOutput: (name, value) => core.setOutput(name, value),
    setSecret: (value) => core.setSecret(value),
    exportVariable: (name, value) => core.exportVariable(name, value),
    saveState: (name, value) => core.saveState(name, value),
    getState: (name) => core.getState(name),
    debug: (message) => core.debug(message),
    info: (message) => core.info(message),
    notice: (message, props) => core.notice(message, props),
    warning: (message, props) => core.warning(message, props),
    error: (message, props) => core.error(message, props),
    group: (name, fn) => core.group(name, fn),
    getIDToken: (audience) => core.getIDToken(audience),
    appendSummary: async (markdown) => {
      if (!process.env['GITHUB_STEP_SUMMARY']) return;
      await core.summary.addRaw(markdown, true).write();
    },
    setFailed: (message) => core.setFailed(message),
  };
}
