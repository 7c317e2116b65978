/**
 * The action's guard rails (eslint.layers.js) fire: in a planted tree, a file-level cycle, an
 * upward import between steps, a ground layer importing a step, an import of an entry point, the
 * contract importing the action, and a file over 250 lines each fail lint with the rule's message,
 * while imports that follow the flow pass. And the repository's own src/ and contract/ pass them.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const { actionLayers } = (await import(
  pathToFileURL(path.join(repoRoot, 'eslint.layers.js')).href
)) as { actionLayers: (root: string) => Linter.Config[] };

const PLANTED: Record<string, string> = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true },
    include: ['src', 'contract'],
  }),
  'src/errors.ts': 'export class GrapeError extends Error {}\n',
  'src/main.ts': 'export const run = 1;\n',
  'src/facts/later.ts': 'export const later = 1;\n',
  'src/identity/step.ts': 'export const step = 1;\n',
  'src/config/upward.ts': "import { later } from '../facts/later.js';\nexport const up = later;\n",
  'src/lib/ground.ts': "import { step } from '../identity/step.js';\nexport const g = step;\n",
  'src/runner/entry.ts': "import { run } from '../main.js';\nexport const e = run;\n",
  'src/engine/ping.ts': "import { pong } from './pong.js';\nexport const ping = () => pong;\n",
  'src/engine/pong.ts': "import { ping } from './ping.js';\nexport const pong = () => ping;\n",
  'contract/spec.ts':
    "import { GrapeError } from '../src/errors.js';\nexport const E = GrapeError;\n",
  'src/report/long.ts': Array.from({ length: 251 }, (_, i) => `export const v${i} = ${i};`).join(
    '\n',
  ),
  'src/terraform/follows.ts':
    "import { step } from '../identity/step.js';\nimport { GrapeError } from '../errors.js';\nexport const ok = [step, GrapeError];\n",
};

let root: string;
let found: Map<string, Array<{ ruleId: string | null; message: string }>>;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'grape-layers-'));
  for (const [file, text] of Object.entries(PLANTED)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
      ...actionLayers(root),
    ],
  });
  const results = await eslint.lintFiles(['src', 'contract']);
  found = new Map(
    results.map((r) => [
      path.relative(root, r.filePath),
      r.messages.map(({ ruleId, message }) => ({ ruleId, message })),
    ]),
  );
}, 60_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const rules = (file: string): Array<string | null> => (found.get(file) ?? []).map((m) => m.ruleId);

describe('the layering rule', () => {
  it('refuses a step importing a later step', () => {
    expect(found.get('src/config/upward.ts')).toEqual([
      {
        ruleId: 'import-x/no-restricted-paths',
        message:
          'Unexpected path "../facts/later.js" imported in restricted zone. The config step imports only ground layers and the steps before it (none): move the shared part down, or let main.ts pass it in.',
      },
    ]);
  });

  it('refuses a ground layer importing a step', () => {
    expect(found.get('src/lib/ground.ts')?.map((m) => m.message)).toEqual([
      'Unexpected path "../identity/step.js" imported in restricted zone. src/lib is a ground layer: it imports no step and no entry point.',
    ]);
  });

  it('refuses an import of an entry point', () => {
    expect(rules('src/runner/entry.ts')).toEqual(['import-x/no-restricted-paths']);
  });

  it('refuses the shared contract importing the action', () => {
    expect(found.get('contract/spec.ts')?.map((m) => m.message)).toEqual([
      'Unexpected path "../src/errors.js" imported in restricted zone. contract/ is shared by the action and the dispatcher: it imports neither.',
    ]);
  });

  it('lets a step import earlier steps and ground layers', () => {
    expect(found.get('src/terraform/follows.ts')).toEqual([]);
  });
});

describe('the cycle rule', () => {
  it('refuses two files importing each other', () => {
    expect(rules('src/engine/ping.ts')).toEqual(['import-x/no-cycle']);
    expect(rules('src/engine/pong.ts')).toEqual(['import-x/no-cycle']);
  });
});

describe('the file-size rule', () => {
  it('refuses a file over 250 lines', () => {
    expect(found.get('src/report/long.ts')).toEqual([
      { ruleId: 'max-lines', message: 'File has too many lines (251). Maximum allowed is 250.' },
    ]);
  });
});

describe("the repository's action", () => {
  it('passes the guard rails', async () => {
    const eslint = new ESLint({ cwd: repoRoot });
    const results = await eslint.lintFiles(['src', 'contract']);
    const problems = results.flatMap((r) =>
      r.messages.map((m) => `${path.relative(repoRoot, r.filePath)}:${m.line} ${m.message}`),
    );
    expect(problems).toEqual([]);
  }, 120_000);
});
