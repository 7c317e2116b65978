/**
 * A replica process for the chaos test: the dispatcher as `dispatcher/src/server.ts` builds it
 * (configuration from the environment, loops on timers, LISTEN wake-ups), with the seam every
 * dispatcher test uses: writes to GitHub not spaced ~1 s apart (GitHub's advice against secondary
 * limits, which would make a 240-deployment run take minutes).
 */
import { loadConfig } from '../../../dispatcher/src/config.js';
import { createDispatcher } from '../../../dispatcher/src/create-dispatcher.js';

const config = loadConfig(process.env);
const { app } = await createDispatcher(config, { octokit: { spaceWrites: false } });
await app.listen({ host: config.host, port: config.port });
