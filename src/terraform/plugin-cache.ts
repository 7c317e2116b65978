/**
 * Provider plugins persisted across runs: TF_PLUGIN_CACHE_DIR restored and saved with the Actions
 * cache, keyed on the hash of `.terraform.lock.hcl` (the providers a run may install). Skipped
 * without a lock file, and whenever the cache service is unavailable (local runs, some GHES):
 * a cache problem never fails a deployment. @actions/cache is loaded only when it is used.
 *
 * The directory's path must be the same in every run: @actions/cache finds an entry by its key
 * AND a version hashed from the cached paths (actions/toolkit
 * packages/cache/src/internal/cacheUtils.ts, getCacheVersion: sha256 of the paths, the
 * compression method and a salt). A path with a per-run random part never matches again.
 */
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { errorMessage } from '../errors.js';
import type { ActionsIO } from '../runner/actions-io.js';

export interface CacheService {
  isFeatureAvailable(): boolean;
  restoreCache(paths: string[], key: string): Promise<string | undefined>;
  saveCache(paths: string[], key: string): Promise<number>;
}

export const loadActionsCache = async (): Promise<CacheService> => import('@actions/cache');

export interface PluginCache {
  readonly dir: string;
  /** Saves the directory unless it was restored with the same key. */
  save(): Promise<void>;
}

/**
 * The plugin cache directory: one fixed path per engine/os/arch under the runner's tool cache
 * (kept between jobs on self-hosted runners), else RUNNER_TEMP, never a per-run random name.
 */
export function pluginCacheDir(env: NodeJS.ProcessEnv, tag: string): string {
  const base = env['RUNNER_TOOL_CACHE'] || env['RUNNER_TEMP'] || tmpdir();
  return path.join(base, 'grape-plugin-cache', tag);
}

export async function restorePluginCache(
  dir: string,
  lockFile: string | undefined,
  tag: string,
  io: ActionsIO,
  env: NodeJS.ProcessEnv,
  load: () => Promise<CacheService> = loadActionsCache,
): Promise<PluginCache> {
  const skip = (why: string): PluginCache => {
    io.debug(`Provider plugin cache not persisted: ${why}.`);
    return { dir, save: async () => undefined };
  };
  if (lockFile === undefined) return skip('no .terraform.lock.hcl in the working directory');
  if (!env['ACTIONS_CACHE_URL'] && !env['ACTIONS_RESULTS_URL'])
    return skip(
      'the Actions cache service is not available (ACTIONS_CACHE_URL / ACTIONS_RESULTS_URL unset)',
    );
  let cache: CacheService;
  try {
    cache = await load();
    if (!cache.isFeatureAvailable()) return skip('the Actions cache service is not available');
  } catch (error) {
    return skip(`@actions/cache could not be loaded (${errorMessage(error)})`);
  }
  const key = `grape-plugins-${tag}-${createHash('sha256').update(lockFile).digest('hex').slice(0, 32)}`;
  let hit: string | undefined;
  try {
    hit = await cache.restoreCache([dir], key);
    io.info(
      hit
        ? `Restored provider plugins from the cache (${key}).`
        : `No cached provider plugins for ${key}.`,
    );
  } catch (error) {
    io.warning(
      `Could not restore cached provider plugins: ${errorMessage(error)}. Continuing without them.`,
    );
  }
  return {
    dir,
    save: async () => {
      if (hit === key) return;
      try {
        await cache.saveCache([dir], key);
      } catch (error) {
        io.debug(`Could not save provider plugins to the cache: ${errorMessage(error)}.`);
      }
    },
  };
}
