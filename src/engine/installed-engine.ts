/**
 * What installing an engine needs and yields: shared by install-engine.ts (download or tool
 * cache) and use-installed-engine.ts (`engine-path`), so neither imports the other's types.
 */
import type { EngineName } from '../config/engine-config.js';
import type { ActionsIO } from '../runner/actions-io.js';
import type { Fetch } from './download-verified.js';
import type { Platform } from './release-layout.js';
import type { ResolveDeps } from './resolve-version.js';
import type { CommandDeps } from './run-command.js';
import type { TrustedKey } from './verify-signature.js';

export interface ToolCache {
  find(tool: string, version: string, arch?: string): string;
  cacheDir(sourceDir: string, tool: string, version: string, arch?: string): Promise<string>;
}

export interface InstallDeps extends Pick<ResolveDeps, 'readText' | 'listDir'> {
  readonly io: ActionsIO;
  /** The job's environment; the binary runs with it, withheld (engine-env.ts). */
  readonly env: NodeJS.ProcessEnv;
  readonly fetch: Fetch;
  readonly toolCache: ToolCache;
  readonly command: CommandDeps;
  /** This run's private temporary directory (deleted by the post step). */
  readonly tempDir: string;
  readonly platform: Platform;
  /** The built-in publisher keys; a seam so the fail-closed path can be exercised. */
  readonly publisherKeys?: Partial<Record<EngineName, TrustedKey>>;
}

export interface InstalledEngine {
  readonly name: EngineName;
  readonly version: string;
  readonly binaryPath: string;
  readonly source: 'engine-path' | 'tool-cache' | 'download';
}
