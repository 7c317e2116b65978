/** `npm start`: read the configuration (refuse to start on a bad one), listen, stop gracefully. */
import { ConfigError, loadConfig } from './config.js';
import { serve } from './serve.js';

try {
  await serve(loadConfig(process.env));
} catch (error) {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : `grape: could not start: ${(error as Error).message}`}\n`,
  );
  process.exit(1);
}
