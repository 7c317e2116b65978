/** An ActionsIO that records everything, for tests of steps without the runner. */
import type { ActionsIO, AnnotationProps } from '../../src/runner/actions-io.js';

export interface RecordingIO extends ActionsIO {
  readonly logs: string[];
  readonly outputs: Record<string, string>;
  readonly state: Record<string, string>;
  readonly annotations: Array<{
    level: 'notice' | 'warning' | 'error';
    message: string;
    props?: AnnotationProps;
  }>;
  readonly summary: string[];
  readonly secrets: string[];
  failed: string | undefined;
}

export function recordingIO(inputs: Record<string, string> = {}): RecordingIO {
  const io: RecordingIO = {
    logs: [],
    outputs: {},
    state: {},
    annotations: [],
    summary: [],
    secrets: [],
    failed: undefined,
    getInput: (name) => inputs[name] ?? '',
    setOutput: (name, value) => void (io.outputs[name] = value),
    setSecret: (value) => void io.secrets.push(value),
    exportVariable: () => undefined,
    saveState: (name, value) => void (io.state[name] = value),
    getState: (name) => io.state[name] ?? '',
    debug: (m) => void io.logs.push(`debug: ${m}`),
    info: (m) => void io.logs.push(m),
    notice: (message, props) =>
      void io.annotations.push({ level: 'notice', message, ...(props ? { props } : {}) }),
    warning: (message, props) =>
      void io.annotations.push({ level: 'warning', message, ...(props ? { props } : {}) }),
    error: (message, props) =>
      void io.annotations.push({ level: 'error', message, ...(props ? { props } : {}) }),
    group: async (name, fn) => {
      io.logs.push(`::group::${name}`);
      return fn();
    },
    getIDToken: async () => {
      throw new Error('no OIDC in this test');
    },
    appendSummary: async (markdown) => void io.summary.push(markdown),
    setFailed: (message) => void (io.failed = message),
  };
  return io;
}
