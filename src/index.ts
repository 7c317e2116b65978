/** Entry point of the action's main step (dist/index.js); dist/post.js imports `runPost` from here. */
import { run } from './main.js';
import { isEntryPoint } from './runner/is-entry-point.js';

export { runPost } from './post.js';

if (isEntryPoint(import.meta.url)) await run();
