/* global module, __non_webpack_require__ */
'use strict';
/**
 * What the bundle gets for `import … from 'undici'` (scripts/bundle/tsconfig.json maps the name
 * here): the real undici, bundled on its own as dist/undici.cjs and required the first time one of
 * its exports is read, not when the module importing it is evaluated.
 *
 * Why: `@actions/core` 3 imports `@actions/http-client` 4, which imports undici's `ProxyAgent` at
 * load, so every run paid for parsing and evaluating undici (~0.45 MB) before reading its first
 * input. Nothing at start-up uses it: `ProxyAgent` is built only for a fetch through a proxy and
 * `fetch` only by Octokit (`@actions/github`) for the facts step. Reading, testing or listing the
 * exports loads undici and answers from it, so importers see the module they would have seen.
 */
let undici;
// `__non_webpack_require__` is Node's own `require`, relative to dist/index.js.
const load = () => (undici ??= __non_webpack_require__('./undici.cjs'));

module.exports = new Proxy(
  {},
  {
    get: (_, name) => load()[name],
    has: (_, name) => name in load(),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_, name) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(load(), name);
      // A proxy may only report configurable properties its (empty) target does not have.
      return descriptor && { ...descriptor, configurable: true };
    },
  },
);
