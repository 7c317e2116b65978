/** `engine-path`: an installed binary, used after checking its version like a downloaded one. */
import { access, constants } from 'node:fs/promises';
import { GrapeError } from '../errors.js';
import type { EngineConfig } from '../config/engine-config.js';
import type { InstallDeps, InstalledEngine } from './installed-engine.js';
import { probeVersion } from './probe-version.js';
import { checkAgainstModule, moduleConstraints } from './resolve-version.js';
import { satisfies } from '../lib/version-constraint.js';

export async function useInstalledEngine(
  config: EngineConfig,
  binary: string,
  workingDir: string,
  deps: InstallDeps,
): Promise<InstalledEngine> {
  try {
    await access(binary, constants.X_OK);
  } catch {
    throw new GrapeError(
      `Input 'engine-path' is '${binary}': no executable file there. Give the path of an installed ${config.name} binary.`,
    );
  }
  const version = await probeVersion(binary, workingDir, deps.command, deps.env);
  if (config.version?.kind === 'exact' && config.version.version !== version)
    throw new GrapeError(
      `The binary at engine-path is ${config.name} ${version}, but engine-version asks for ${config.version.version}.`,
    );
  if (config.version?.kind === 'constraint' && !satisfies(version, config.version.constraint))
    throw new GrapeError(
      `The binary at engine-path is ${config.name} ${version}, which does not satisfy engine-version '${config.version.constraint.text}'.`,
    );
  checkAgainstModule(
    version,
    await moduleConstraints(workingDir, config.name, deps),
    `The binary at engine-path`,
  );
  deps.io.info(`Using ${config.name} ${version} at ${binary} (input 'engine-path').`);
  return { name: config.name, version, binaryPath: binary, source: 'engine-path' };
}
