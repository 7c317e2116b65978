/** `npm start`: read the configuration (refuse to start on a bad one), listen, stop gracefully. */
import { loadConfig } from './config.js';
import { serve } from './serve.js';

await serve(loadConfig(process.env));
