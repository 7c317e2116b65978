/**
 * The action's shape, enforced (STYLE.md habit 11): ground layers import no step, each step
 * imports only the steps before it in flow order, nothing imports the entry points, no file-level
 * cycle, no file over 250 lines. test/lint/action-layers.test.ts proves each rule fires on a planted
 * violation, so a change here that silences a rule fails the suite.
 */
import path from 'node:path';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** The steps in flow order: each may import the ones before it, never one after it. */
export const STEPS = ['config', 'identity', 'source', 'engine', 'terraform', 'facts', 'report'];

/** Ground layers: shared by every step, importing none (nor the entry points). */
export const GROUND = [
  'src/inputs',
  'src/runner',
  'src/process',
  'src/git',
  'src/lib',
  'src/errors.ts',
  'contract',
];

const ENTRY_POINTS = ['src/index.ts', 'src/main.ts', 'src/post.ts'];

const stepZones = STEPS.map((step, i) => ({
  target: `./src/${step}`,
  from: [
    ...STEPS.slice(i + 1).map((later) => `./src/${later}`),
    ...ENTRY_POINTS.map((e) => `./${e}`),
  ],
  message: `The ${step} step imports only ground layers and the steps before it (${STEPS.slice(0, i).join(' → ') || 'none'}): move the shared part down, or let main.ts pass it in.`,
}));

const groundZones = GROUND.map((ground) => ({
  target: `./${ground}`,
  from: [...STEPS.map((step) => `./src/${step}`), ...ENTRY_POINTS.map((e) => `./${e}`)],
  message: `${ground} is a ground layer: it imports no step and no entry point.`,
}));

// The contract is shared with the dispatcher: it imports nothing from either side.
const contractZone = {
  target: './contract',
  from: ['./src', './dispatcher'],
  message: 'contract/ is shared by the action and the dispatcher: it imports neither.',
};

/** The rules for a tree rooted at `root` (the repository; a planted tree in the rules' test). */
export const actionLayers = (root) => [
  {
    files: ['src/**/*.ts', 'contract/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // TypeScript files are parsed to follow their imports (the default reads only .js).
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ project: path.join(root, 'tsconfig.json') }),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        { basePath: root, zones: [...stepZones, ...groundZones, contractZone] },
      ],
      'max-lines': ['error', { max: 250 }],
    },
  },
];
