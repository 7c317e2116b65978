/**
 * How TypeScript becomes JavaScript here, in one place: @swc/core strips the types file by file
 * (tsconfig.json has `isolatedModules` and `verbatimModuleSyntax`, so that is exact) for both
 * jest and `npm run build`. Type-checking is tsc's job alone: `npm run typecheck`, also run by
 * the suite (test/typecheck.test.ts).
 */
export const typescriptToEsm = {
  swcrc: false,
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'es6' },
};
