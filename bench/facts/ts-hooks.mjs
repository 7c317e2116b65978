// Lets plain `node` run the TypeScript sources the benchmarks import: `.js` specifiers resolve to
// the `.ts` file beside them, which SWC strips of types (as jest does for the tests).
import { register } from 'node:module';

register(new URL('./ts-loader.mjs', import.meta.url));
