/**
 * Provider plugins persisted across runs: TF_PLUGIN_CACHE_DIR restored and saved with the Actions
 * cache, keyed on the hash of `.terraform.lock.hcl` (the providers a run may install). Skipped
 * without a lock file, and whenever the cache service is unavailable (local runs, some GHES):
 * a cache problem never fails a deployment. @actions/cache is loaded only when it is used.
 */
import { createHash } from 'node:crypto';
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
