/** The documentation checker itself: it finds what is wrong (each case is a deliberately bad block). */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { actionlint } from '../workflows/linters.js';
import { checkSnippet, type SnippetContext } from './check-snippet.js';
import { dispatcherEnvNames, repoRoot } from './docs-context.js';
import { extractSnippets, type Snippet } from './markdown-snippets.js';
import { parseShell } from './shell-words.js';

const HELP: Record<string, string> = {
  '': 'Usage: grape [options] [command]\n\nOptions:\n  -h, --help  display help\n\nCommands:\n  tenant      Manage tenants\n  deploy [options]  Request a deployment (GRAPE_URL,\n                    GRAPE_TOKEN)\n  audit       The audit log\n  help [command]  display help\n',
  tenant:
    'Usage: grape tenant [options] [command]\n\nCommands:\n  create <name>  Create a tenant\n  list           List tenants\n',
  'tenant create':
    'Usage: grape tenant create [options] <name>\n\nOptions:\n  -h, --help  display help\n',
  deploy:
    'Usage: grape deploy [options]\n\nOptions:\n  --project <project>  project\n  --env <environment>  environment\n  --wait               follow\n  -h, --help           display help\n',
  audit: 'Usage: grape audit [options] [command]\n\nCommands:\n  verify  Prove the chain\n',
  'audit verify': 'Usage: grape audit verify [options]\n\nOptions:\n  -h, --help  display help\n',
};

const ajv = new Ajv2020({ allErrors: true, strict: false });
const deploymentBody = {
  type: 'object',
  required: ['project', 'environment', 'operation'],
  additionalProperties: false,
  properties: {
    project: { type: 'string' },
    environment: { type: 'string' },
    operation: { enum: ['plan', 'apply', 'destroy'] },
  },
};

const ctx: SnippetContext = {
  repoRoot,
  scripts: { start: 'x', test: 'x', build: 'x' },
  envNames: dispatcherEnvNames(),
  grapeHelp: async (p) => HELP[p.join(' ')],
  findRoute: (method, urlPath) =>
    method === 'POST' && urlPath === '/v1/deployments'
      ? { requestSchema: deploymentBody, responseSchema: undefined }
      : method === 'GET' && urlPath === '/v1/spec-key'
        ? { requestSchema: undefined, responseSchema: { properties: { publicKeyPem: {} } } }
        : undefined,
  validateBody: (schema, body) => {
    const validate = ajv.compile(schema);
    return validate(body)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
  },
  workflows: new Map([
    [
      'grape-runner.yml',
      {
        text: 'spec-public-key: ${{ vars.GRAPE_SPEC_PUBLIC_KEY }}',
        doc: {
          on: {
            workflow_dispatch: {
              inputs: { spec: { required: true }, deployment_id: { required: true } },
            },
          },
        },
      },
    ],
  ]),
  actionlint,
  validateFacts: (doc) =>
    (doc as { metadata?: unknown }).metadata ? [] : ["must have required property 'metadata'"],
  actionInputs: new Set(['operation', 'role-arn', 'aws-region']),
  statuses: ['queued', 'running', 'succeeded'],
  terraform: process.env['GRAPE_TEST_TERRAFORM'] ?? 'terraform',
};

const block = (lang: string, code: string, marker?: Snippet['marker']): Snippet => ({
  file: 'TEST.md',
  line: 1,
  lang,
  code,
  marker,
  badMarker: undefined,
});
const problemsOf = async (lang: string, code: string) =>
  (await checkSnippet(block(lang, code), ctx)).problems;

describe('markdown extraction', () => {
  it('finds fenced blocks with their language, line and marker', () => {
    const md = [
      '# T',
      '',
      '<!-- snippet: not-run (needs a server) -->',
      '```sh',
      'pg_dump x',
      '```',
      '',
      '<!-- snippet: pending-local-executor -->',
      '',
      '```sh',
      'npm run demo',
      '```',
      '<!-- snippet: later -->',
      '```',
      'plain',
      '```',
      '   ```yaml',
      '   a: 1',
      '   ```',
    ].join('\n');
    expect(extractSnippets(md, 'x.md')).toEqual([
      {
        file: 'x.md',
        line: 4,
        lang: 'sh',
        code: 'pg_dump x',
        marker: { kind: 'not-run', reason: 'needs a server' },
        badMarker: undefined,
      },
      {
        file: 'x.md',
        line: 10,
        lang: 'sh',
        code: 'npm run demo',
        marker: { kind: 'pending-local-executor', reason: undefined },
        badMarker: undefined,
      },
      {
        file: 'x.md',
        line: 14,
        lang: '',
        code: 'plain',
        marker: undefined,
        badMarker: '<!-- snippet: later -->',
      },
      {
        file: 'x.md',
        line: 17,
        lang: 'yaml',
        code: 'a: 1',
        marker: undefined,
        badMarker: undefined,
      },
    ]);
  });
});

describe('shell parsing', () => {
  it('joins continuation lines, drops comments, keeps quoted words and substitutions', () => {
    const [a, b, c, d] = parseShell(
      'A=1 node bin/grape.js x \\\n  --y \'two words\' # note\ncurl -H "K: $(uuidgen)" u | jq -r .f > out && echo done',
    );
    expect(a!.words.map((w) => w.text)).toEqual([
      'A=1',
      'node',
      'bin/grape.js',
      'x',
      '--y',
      'two words',
    ]);
    expect(b!.words[2]!.substitutions).toEqual(['uuidgen']);
    expect(c!.pipedFrom).toBe(b);
    expect(c!.words.map((w) => w.text)).toEqual(['jq', '-r', '.f']);
    expect(d!.words.map((w) => w.text)).toEqual(['echo', 'done']);
  });

  it('refuses an unterminated quote', () => {
    expect(() => parseShell("echo 'oops")).toThrow(/unterminated/);
  });
});

describe('a correct block has no problem', () => {
  it.each(
    [
      ['sh', 'npm ci && npm start\nnpm test -- test/docs'],
      [
        'sh',
        'GRAPE_URL=http://x GRAPE_TOKEN=t node bin/grape.js deploy --project p --env dev --wait',
      ],
      [
        'sh',
        'curl -X POST http://x/v1/deployments -d \'{"project":"p","environment":"dev","operation":"plan"}\'',
      ],
      ['sh', 'curl -fsS http://x/v1/spec-key | jq -r .publicKeyPem > k.pem'],
      ['sh', 'gh workflow run grape-runner.yml -f spec="$S" -f deployment_id=dep_1'],
      ['yaml', '- uses: grape/deploy@v1\n  with:\n    operation: plan\n'],
      ['hcl', 'output "a" {\n  value = 1\n}\n'],
      [
        'mermaid',
        'stateDiagram-v2\n  [*] --> queued\n  queued --> running\n  running --> succeeded\n',
      ],
      ['text', '.\n├── src/\n│   └── main.ts\n└── package.json\n'],
    ].map(([lang, code]) => [lang!, code!.split('\n')[0]!, code!] as const),
  )('```%s %s', async (lang, _first, code) => {
    expect(await problemsOf(lang, code)).toEqual([]);
  });
});

describe('a wrong block is reported', () => {
  it.each(
    [
      ['sh', 'npm run nope', /no script 'nope'/],
      ['sh', 'npm test -- test/nowhere', /'test\/nowhere' does not exist/],
      ['sh', 'node scripts/nowhere.mjs', /no such file scripts\/nowhere.mjs/],
      ['sh', 'node scripts/action-docs.mjs --colour', /knows no --colour/],
      ['sh', 'node bin/grape.js deploy --projcet p --env dev', /has no option --projcet/],
      ['sh', 'node bin/grape.js tenant remove acme', /has no command 'remove'/],
      ['sh', 'node bin/grape.js tenant', /needs a subcommand/],
      ['sh', 'GRAPE_NOPE=1 node bin/grape.js audit verify', /sets GRAPE_NOPE/],
      ['sh', 'export GRAPE_PORT=8787', /sets GRAPE_PORT/],
      ['sh', 'curl http://127.0.0.1:8787/v1/nope', /serves no GET \/v1\/nope/],
      [
        'sh',
        'curl -d \'{"project":"p","environment":"dev","operation":"explode"}\' http://x/v1/deployments',
        /does not fit POST \/v1\/deployments/,
      ],
      ['sh', "curl -d '{not json' http://x/v1/deployments", /not JSON/],
      ['sh', 'curl -fsS http://x/v1/spec-key | jq -r .publicKey', /no field 'publicKey'/],
      ['sh', 'gh workflow run grape-runner.yml -f spec=x -f colour=red', /no input 'colour'/],
      ['sh', 'gh workflow run grape-runner.yml -f spec=x', /requires the input 'deployment_id'/],
      ['sh', 'gh variable set GRAPE_NOPE', /no workflow reads vars.GRAPE_NOPE/],
      ['sh', 'rm -rf /', /no check knows the command 'rm'/],
      ['sh', 'X="$(rm -rf /)" node bin/grape.js audit verify', /no check knows the command 'rm'/],
      ['yaml', 'a: [1, 2\nb: 3', /YAML/],
      ['yaml', '- uses: grape/deploy@v1\n  with:\n    rolearn: x\n', /no input 'rolearn'/],
      [
        'yaml',
        'on: push\njobs:\n  a:\n    steps:\n      - run: echo ${{ github.nope }}\n',
        /actionlint/,
      ],
      ['json', '{"a": 1,}', /JSON/],
      ['yaml', 'apiVersion: grape.dev/v1\nkind: InfraFacts\nfacts: {}\n', /InfraFacts schema/],
      ['hcl', 'output "a" {\nvalue = 1\n}\n', /not formatted/],
      ['hcl', 'output "a" {\n', /terraform fmt/],
      ['mermaid', 'flowchartz LR\n  a --> b', /unknown diagram type/],
      ['mermaid', 'flowchart LR\n  subgraph x\n  a --> b', /subgraph/],
      [
        'mermaid',
        'stateDiagram-v2\n  [*] --> queued\n  queued --> done',
        /'done' is not a deployment status/,
      ],
      [
        'mermaid',
        'stateDiagram-v2\n  [*] --> queued\n  queued --> running',
        /'succeeded' is not drawn/,
      ],
      ['text', '.\n├── src/\n│   └── nowhere.ts\n', /src\/nowhere.ts does not exist/],
      ['text', 'just some words', /no check/],
      ['', 'just some words', /no check/],
      ['console', '$ ls', /no checker for/],
    ].map(
      ([lang, code, expected]) =>
        [
          lang as string,
          (code as string).split('\n')[0]!,
          code as string,
          expected as RegExp,
        ] as const,
    ),
  )('```%s %s', async (lang, _first, code, expected) => {
    const problems = await problemsOf(lang, code);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it('an unknown marker is a problem, not a pass', async () => {
    const verdict = await checkSnippet(
      { ...block('sh', 'npm test'), badMarker: '<!-- snippet: later -->' },
      ctx,
    );
    expect(verdict.problems).toEqual([expect.stringMatching(/unknown marker/)]);
  });
});
