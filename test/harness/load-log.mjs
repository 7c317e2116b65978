// `node --import <this file> …` (e.g. through NODE_OPTIONS): appends the path of every module file
// the process loads through the ES module loader to the file $GRAPE_LOAD_LOG names, one per line.
// Tests and the identity benchmark use it to see which chunks of dist/ a step really loads.
// (CommonJS requires, such as dist/undici.cjs, do not pass here: NODE_DEBUG=module lists those.)
import { register } from 'node:module';

register('./load-log-hooks.mjs', import.meta.url);
