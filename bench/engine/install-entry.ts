/** What the install benchmark needs, compiled together by bench/engine/load-source.mjs. */
export { installEngine } from '../../src/engine/install-engine.js';
export { parseVersionRequest } from '../../src/config/engine-config.js';
export { spawnProcess } from '../../src/process/spawn-process.js';
export { startReleaseMirror } from '../../test/harness/release-mirror.js';
export * as toolCache from '@actions/tool-cache';
