/**
 * The ExternalSecret hand-off on Google Cloud and Azure through every facts mode (GitHub API
 * commit, pull request, plain git), from what gcp-secret-store and azure-secret-store output
 * (their `secret_ids`, computed by real Terraform from the modules' policies.tf): the manifests
 * land in the facts commit with the remoteRef ESO's gcpsm and azurekv providers read, valid
 * against the external-secrets CRD schema, under the same trailers and no-op rule; a canary
 * sensitive value is never written, logged or output.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { startGitHubApi, type GitHubApi } from '../harness/github/github-api.js';
import { serveGitRepository, type GitDataRepo } from '../harness/github/git-data.js';
import { spawnProcess } from '../../src/process/spawn-process.js';
import type { FactsConfig } from '../../src/config/facts/facts-config.js';
import type { ExternalSecretsConfig } from '../../src/config/facts/external-secrets-config.js';
import { readGitUrl } from '../../src/config/facts/facts-destination.js';
import { publishFacts } from '../../src/facts/publish-facts.js';
import { azureSecretIds, gcpSecretIds } from './cloud-secret-references.js';
import { externalSecretProblems } from './external-secret-schema.js';
import { outputsJson, quickRetry, recordingIO, testRun } from './facts-helpers.js';
import { bareRepo, type BareRepo } from './git-repos.js';

const CANARY = 'canary-Kp3%cloud-secret-never-written';
const FACTS = 'facts/platform/production.yaml';
const MANIFESTS = 'facts/platform/production.external-secrets.yaml';

interface Cloud {
  readonly name: string;
  readonly store: ExternalSecretsConfig['store'];
  readonly secretIds: () => Record<string, string>;
  /** The remoteRef key of each ExternalSecret, by its name. */
  readonly keys: Record<string, string>;
}
const clouds: Cloud[] = [
  {
    name: 'Google Secret Manager (gcp-secret-store)',
    store: { kind: 'ClusterSecretStore', name: 'gcp-secret-manager' },
    secretIds: () => gcpSecretIds(),
    keys: {
      'cloudsql-app-password': 'production-cloudsql-app-password',
      'jwt-secret': 'production-jwt-secret',
    },
  },
  {
    name: 'Azure Key Vault (azure-secret-store)',
    store: { kind: 'ClusterSecretStore', name: 'azure-key-vault' },
    secretIds: () => azureSecretIds(),
    keys: {
      'postgres-admin-password': 'secret/production-postgres-admin-password',
      'jwt-secret': 'secret/production-jwt-secret',
    },
  },
];

type Git = (args: string[]) => Promise<string>;
interface Mode {
  readonly name: string;
  readonly branch: string;
  /** Serves or creates the destination; returns how to read it and the config overrides. */
  open(): Promise<{
    git: Git;
    apiUrl: string;
    overrides: Partial<FactsConfig>;
    close(): Promise<void>;
  }>;
}
const viaApi =
  (mode: 'commit' | 'pull-request', repo: string): Mode['open'] =>
  async () => {
    const api: GitHubApi = await startGitHubApi();
    const served: GitDataRepo = await serveGitRepository(api, { repo });
    return {
      git: (a) => served.git(a),
      apiUrl: api.url,
      overrides: { destination: { kind: 'github', owner: 'acme', repo }, mode },
      close: async () => {
        expect(api.violations).toEqual([]);
        await api.close();
        await served.close();
      },
    };
  };
const modes: Mode[] = [
  { name: 'GitHub API, commit mode', branch: 'main', open: viaApi('commit', 'gitops') },
  {
    name: 'GitHub API, pull-request mode',
    branch: 'grape/facts/platform/production',
    open: viaApi('pull-request', 'gitops-pr'),
  },
  {
    name: 'plain git',
    branch: 'main',
    open: async () => {
      const plain: BareRepo = await bareRepo();
      await plain.push((work) => writeFile(path.join(work, 'README.md'), 'gitops\n'), 'initial');
      const reading = readGitUrl(plain.dir);
      if (!reading.ok) throw new Error(reading.problem);
      return {
        git: (a) => plain.git(...a),
        apiUrl: 'http://127.0.0.1:9',
        overrides: { destination: reading.destination, token: undefined },
        close: () => plain.close(),
      };
    },
  },
];

describe.each(clouds)('the hand-off from $name', (cloud) => {
  const outputs = () =>
    outputsJson({ secret_ids: cloud.secretIds(), db_host: 'db.internal' }, { db_password: CANARY });

  describe.each(modes)('through $name', (mode) => {
    let opened: Awaited<ReturnType<Mode['open']>>;
    let config: FactsConfig;
    let json: string;
    const publish = (c: FactsConfig, runId: string) => {
      const io = recordingIO();
      return publishFacts(
        c,
        {
          outputsJson: json,
          engine: { name: 'terraform', version: '1.11.4' },
          deploymentId: `dep_${runId}`,
          run: testRun(runId),
        },
        {
          io,
          env: { GITHUB_API_URL: opened.apiUrl },
          spawn: spawnProcess,
          now: () => new Date('2026-11-30T10:00:00Z'),
          tempDir: tmpdir(),
          ...quickRetry,
        },
      ).then((result) => ({ result, io }));
    };
    let first: Awaited<ReturnType<typeof publish>>;
    beforeAll(async () => {
      json = outputs();
      opened = await mode.open();
      config = {
        destination: { kind: 'github', owner: 'acme', repo: 'gitops' },
        branch: 'main',
        path: FACTS,
        format: 'yaml',
        filter: { include: [], exclude: [] },
        mode: 'commit',
        token: 'ghs_publish',
        project: 'platform',
        environment: 'production',
        author: undefined,
        externalSecrets: {
          sources: [{ output: 'secret_ids', shape: 'whole' }],
          store: cloud.store,
          path: MANIFESTS,
        },
        ...opened.overrides,
      };
      first = await publish(config, '401');
    }, 60_000);
    afterAll(() => opened.close());

    it('commits the manifests beside the facts, in one commit carrying the facts trailers', async () => {
      expect(first.result.changed).toBe(true);
      expect(await opened.git(['rev-parse', mode.branch])).toBe(first.result.sha);
      const files = await opened.git(['show', '--name-only', '--format=', first.result.sha]);
      expect(files.split('\n').sort()).toEqual([MANIFESTS, FACTS]);
      const message = await opened.git(['log', '-1', '--format=%B', first.result.sha]);
      expect(message).toContain(`Grape-Facts-Path: ${FACTS}\n`);
      expect(message).toContain('Grape-Deployment: dep_401\n');
    });

    it('writes one valid ExternalSecret per module secret, pointing where the provider reads', async () => {
      const manifests = await opened.git(['show', `${first.result.sha}:${MANIFESTS}`]);
      expect(externalSecretProblems(manifests)).toEqual([]);
      const docs = parseAllDocuments(manifests).map(
        (d) =>
          d.toJS() as {
            metadata: { name: string };
            spec: { secretStoreRef: unknown; data: { remoteRef: { key: string } }[] };
          },
      );
      expect(
        Object.fromEntries(docs.map((d) => [d.metadata.name, d.spec.data[0]!.remoteRef.key])),
      ).toEqual(cloud.keys);
      for (const d of docs) expect(d.spec.secretStoreRef).toEqual(cloud.store);
    });

    it('makes no commit when nothing changed', async () => {
      const again = await publish(config, '402');
      expect(again.result).toMatchObject({ changed: false, sha: first.result.sha });
    });

    it('never writes, logs or outputs the canary sensitive value', async () => {
      expect(await opened.git(['log', '-p', '--all'])).not.toContain(CANARY);
      expect(JSON.stringify(first.io)).not.toContain(CANARY);
      expect(first.io.logs).toContain(
        `ExternalSecrets: secret_ids → ${MANIFESTS} (ClusterSecretStore/${cloud.store.name}).`,
      );
    });
  });
});
