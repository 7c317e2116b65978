export const id = 730;
export const ids = [730];
export const modules = {

/***/ 7278:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ nodeExec)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/** The seam through which the facts step runs programs (git, terraform): injectable and recordable. */

const nodeExec = (file, args, options = {}) => new Promise((resolve, reject) => {
    const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(file, [...args], {
        cwd: options.cwd,
        env: options.env ?? process.env,
        stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out = [];
    const err = [];
    child.stdout?.on('data', (chunk) => out.push(chunk));
    child.stderr?.on('data', (chunk) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
    }));
    if (child.stdin) {
        // A program may exit without reading its input; its exit status tells what happened.
        child.stdin.on('error', () => undefined);
        child.stdin.end(options.input);
    }
});


/***/ }),

/***/ 1253:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ gitEnv)
/* harmony export */ });
function gitEnv(base, destination, token) {
    const config = [
        // No credential helper may prompt for, or store, anything.
        ['credential.helper', ''],
        ['commit.gpgsign', 'false'],
        ['core.hooksPath', '/dev/null'],
    ];
    if (destination.transport === 'http' && token !== undefined) {
        const basic = Buffer.from(`${destination.username}:${token}`).toString('base64');
        config.push([`http.${destination.url}.extraHeader`, `Authorization: Basic ${basic}`]);
    }
    const env = {
        ...base,
        GIT_TERMINAL_PROMPT: '0',
        GCM_INTERACTIVE: 'never',
        GIT_ASKPASS: '',
        SSH_ASKPASS: '',
        LC_ALL: 'C',
    };
    // Keep any configuration the job already passes this way, and add ours after it.
    const existing = Number.parseInt(base['GIT_CONFIG_COUNT'] ?? '0', 10) || 0;
    config.forEach(([key, value], i) => {
        env[`GIT_CONFIG_KEY_${existing + i}`] = key;
        env[`GIT_CONFIG_VALUE_${existing + i}`] = value;
    });
    env['GIT_CONFIG_COUNT'] = String(existing + config.length);
    return env;
}


/***/ }),

/***/ 3730:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runFactsStep: () => (/* binding */ runFactsStep)
});

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/facts/exec.ts
var facts_exec = __webpack_require__(7278);
// EXTERNAL MODULE: ./src/facts/infra-facts.ts
var infra_facts = __webpack_require__(8559);
;// CONCATENATED MODULE: ./src/facts/build-infra-facts.ts
/** Assembles the InfraFacts document from the selected outputs and what is known about the run. */

function buildInfraFacts(metadata, outputs, now) {
    return {
        apiVersion: infra_facts/* FACTS_API_VERSION */.k5,
        kind: infra_facts/* FACTS_KIND */.XY,
        metadata: { ...metadata, generatedAt: rfc3339Seconds(now) },
        facts: outputs.facts,
        redacted: [...outputs.redacted].sort(),
    };
}
/** `2026-11-22T10:00:00Z`: UTC, whole seconds (stable width, no locale). */
function rfc3339Seconds(date) {
    return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

;// CONCATENATED MODULE: ./src/facts/commit-message.ts
const TRAILER = {
    deployment: 'Grape-Deployment',
    run: 'Grape-Run',
    source: 'Grape-Source',
    path: 'Grape-Facts-Path',
    digest: 'Grape-Facts-Digest',
};
function factsCommitMessage(doc, path, digest) {
    const { project, environment, deploymentId, run, source } = doc.metadata;
    const count = (n, what) => `${n} ${what}${n === 1 ? '' : 's'}`;
    const facts = Object.keys(doc.facts).length;
    const summary = `${count(facts, 'fact')}` +
        (doc.redacted.length > 0 ? `, ${count(doc.redacted.length, 'sensitive output')} redacted` : '');
    const sourceRef = source.repository && source.sha
        ? `${source.repository}@${source.sha}`
        : (source.sha ?? source.repository ?? 'unknown');
    const trailers = [
        `${TRAILER.deployment}: ${deploymentId}`,
        `${TRAILER.run}: ${run.url ?? run.id ?? 'local'}`,
        `${TRAILER.source}: ${sourceRef}`,
        `${TRAILER.path}: ${path}`,
        `${TRAILER.digest}: ${digest}`,
    ];
    return `facts(${project}/${environment}): update infra facts\n\n${summary}, written to ${path} by deployment ${deploymentId}.\n\n${trailers.join('\n')}\n`;
}
/** The trailers of a commit message (last paragraph `Key: value` lines). */
function parseTrailers(message) {
    const paragraphs = message.trim().split(/\n\s*\n/);
    const last = paragraphs.at(-1) ?? '';
    const trailers = {};
    for (const line of last.split('\n')) {
        const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line.trim());
        if (m)
            trailers[m[1]] = m[2];
    }
    return trailers;
}
/** True when `message` is of a commit that wrote exactly these facts to `path`. */
function commitWroteFacts(message, path, digest) {
    const trailers = parseTrailers(message);
    return trailers[TRAILER.path] === path && trailers[TRAILER.digest] === digest;
}
/** True when `message` is of a Grape commit that wrote `path` (with whatever facts). */
function commitWrotePath(message, path) {
    return parseTrailers(message)[TRAILER.path] === path;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./node_modules/lossless-json/lib/esm/index.js + 6 modules
var esm = __webpack_require__(875);
;// CONCATENATED MODULE: ./src/facts/canonical-value.ts
/**
 * Deterministic shapes for rendering: object keys sorted (by UTF-16 code units, like JSON Schema
 * tooling and `jq -S`), arrays kept in order, lossless numbers kept as they are.
 */

function sortKeysDeep(value) {
    if (Array.isArray(value))
        return value.map(sortKeysDeep);
    if (typeof value !== 'object' || value === null || (0,esm/* isLosslessNumber */.s_)(value))
        return value;
    const entries = Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortKeysDeep(v)]);
    return Object.fromEntries(entries);
}

;// CONCATENATED MODULE: ./src/facts/render-facts.ts
/**
 * Renders an InfraFacts document in one of the four formats, deterministically: the same document
 * always gives the same bytes (fixed envelope order, every other key sorted, no line folding, exact
 * numbers), so an unchanged apply finds an identical file and makes no commit.
 *
 * YAML is written so YAML 1.1 readers (Helm and Kubernetes tooling use go-yaml) read it as YAML 1.2
 * readers do: strings such as "yes", "on", "0x1F" or "2026-01-01" are quoted.
 */



/** Key of the ConfigMap entry holding the whole document as JSON. */
const CONFIGMAP_DOCUMENT_KEY = 'infra-facts.json';
/** Top-level key of the Helm values file: charts read `.Values.grape.facts.<name>`. */
const HELM_VALUES_KEY = 'grape';
const HEADER = ' InfraFacts written by Grape after each apply (grape.dev/v1).\n Do not edit: the next apply replaces this file.';
/** Writes a lossless number as its exact decimal text, as a plain (untagged) YAML scalar. */
const losslessNumberTag = {
    identify: (value) => (0,esm/* isLosslessNumber */.s_)(value),
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^(?!)$/,
    resolve: (source) => source,
    stringify: (item) => String(item.value),
};
function renderFacts(doc, format) {
    switch (format) {
        case 'yaml':
            return renderYaml(envelope(doc), HEADER);
        case 'json':
            return renderJson(envelope(doc));
        case 'helm-values':
            return renderYaml({ [HELM_VALUES_KEY]: envelope(doc) }, HEADER);
        case 'configmap':
            return renderYaml(configMap(doc), HEADER);
    }
}
/** The document with its envelope in Kubernetes order and every other key sorted. */
function envelope(doc) {
    return {
        apiVersion: doc.apiVersion,
        kind: doc.kind,
        metadata: sortKeysDeep(doc.metadata),
        facts: sortKeysDeep(doc.facts),
        redacted: [...doc.redacted],
    };
}
function renderJson(value) {
    return `${(0,esm/* stringify */.As)(value, undefined, 2) ?? 'null'}\n`;
}
function renderYaml(value, header) {
    const document = new dist/* Document */.yo(value, { version: '1.1', customTags: [losslessNumberTag] });
    document.commentBefore = header;
    return document.toString({ lineWidth: 0, indentSeq: true });
}
/** A fact as a ConfigMap value: strings as they are, anything else as compact JSON. */
function configMapValue(value) {
    return typeof value === 'string' ? value : ((0,esm/* stringify */.As)(sortKeysDeep(value)) ?? 'null');
}
function configMap(doc) {
    const { metadata } = doc;
    const data = {};
    for (const name of Object.keys(doc.facts).sort())
        data[name] = configMapValue(doc.facts[name]);
    data[CONFIGMAP_DOCUMENT_KEY] = renderJson(envelope(doc));
    return {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
            name: configMapName(metadata.project, metadata.environment),
            labels: {
                'app.kubernetes.io/managed-by': 'grape',
                'grape.dev/environment': metadata.environment,
                'grape.dev/project': metadata.project,
            },
            annotations: sortKeysDeep({
                'grape.dev/deployment-id': metadata.deploymentId,
                'grape.dev/generated-at': metadata.generatedAt,
                'grape.dev/source-sha': metadata.source.sha ?? undefined,
                'grape.dev/run-url': metadata.run.url ?? undefined,
            }),
        },
        data: Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    };
}
/** A DNS-1123 subdomain name: `grape-facts-<project>-<environment>`, lower case. */
function configMapName(project, environment) {
    return `grape-facts-${project}-${environment}`
        .toLowerCase()
        .replace(/[^a-z0-9.-]+/g, '-')
        .slice(0, 253)
        .replace(/[^a-z0-9]+$/, '');
}

;// CONCATENATED MODULE: ./src/facts/compare-facts.ts
/**
 * Decides whether a new document says anything the committed file does not. Provenance (which run,
 * when, from which source commit) alone never makes a commit: the candidate is rendered with the
 * committed file's provenance and compared byte for byte. A file that cannot be read as ours (hand
 * edited, another format, not there) counts as changed, and is rewritten canonically.
 */




function factsUnchanged(previous, doc, format) {
    if (previous === undefined)
        return false;
    const provenance = readProvenance(previous, format);
    if (!provenance)
        return false;
    return renderFacts((0,infra_facts/* withProvenance */.wI)(doc, provenance), format) === previous;
}
/**
 * A digest of what the facts say, provenance left out: equal digests, equal files up to provenance.
 * Carried in the commit trailer `Grape-Facts-Digest` so a later run can skip reading the file.
 */
function factsDigest(doc, format) {
    const neutral = {
        deploymentId: '',
        generatedAt: '',
        engine: { name: '', version: '' },
        run: { id: null, url: null, actor: null },
        source: { ref: null, sha: null },
    };
    const text = renderFacts((0,infra_facts/* withProvenance */.wI)(doc, neutral), format);
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(text).digest('hex')}`;
}
const asObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value)
    ? value
    : undefined;
const stringOrNull = (value) => value === null || typeof value === 'string';
/** The provenance of a file we wrote before, or undefined when it is not one. */
function readProvenance(text, format) {
    let root;
    try {
        root = (0,dist/* parse */.qg)(text, { version: '1.1' });
        if (format === 'helm-values')
            root = asObject(root)?.[HELM_VALUES_KEY];
        if (format === 'configmap') {
            const embedded = asObject(asObject(root)?.['data'])?.[CONFIGMAP_DOCUMENT_KEY];
            root = typeof embedded === 'string' ? (0,dist/* parse */.qg)(embedded) : undefined;
        }
    }
    catch {
        return undefined;
    }
    const metadata = asObject(asObject(root)?.['metadata']);
    const engine = asObject(metadata?.['engine']);
    const run = asObject(metadata?.['run']);
    const source = asObject(metadata?.['source']);
    if (!metadata || !engine || !run || !source)
        return undefined;
    const { deploymentId, generatedAt } = metadata;
    const fields = [engine['name'], engine['version'], deploymentId, generatedAt];
    if (!fields.every((f) => typeof f === 'string'))
        return undefined;
    const nullable = [run['id'], run['url'], run['actor'], source['ref'], source['sha']];
    if (!nullable.every(stringOrNull))
        return undefined;
    return {
        deploymentId: deploymentId,
        generatedAt: generatedAt,
        engine: { name: engine['name'], version: engine['version'] },
        run: {
            id: run['id'],
            url: run['url'],
            actor: run['actor'],
        },
        source: { ref: source['ref'], sha: source['sha'] },
    };
}

;// CONCATENATED MODULE: ./src/facts/facts-change.ts
/**
 * What a committer writes: one file, its message, and the rule that decides, given the file now
 * in the repository, whether there is anything to write at all.
 */



function factsChange(doc, format, path) {
    const digest = factsDigest(doc, format);
    return {
        path,
        content: renderFacts(doc, format),
        message: factsCommitMessage(doc, path, digest),
        isUnchanged: (previous) => factsUnchanged(previous, doc, format),
        judgeHead: (message) => commitWroteFacts(message, path, digest)
            ? 'same'
            : commitWrotePath(message, path)
                ? 'different'
                : 'unknown',
    };
}

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 22 modules
var github = __webpack_require__(2413);
;// CONCATENATED MODULE: ./src/facts/github-client.ts
/**
 * The one place that builds the Octokit client for facts. GITHUB_API_URL decides where it talks:
 * api.github.com, a GHES server (`https://ghes.example.com/api/v3`), or a loopback stand-in.
 */

function createGitHubClient(token, env) {
    const baseUrl = env['GITHUB_API_URL']?.trim() || 'https://api.github.com';
    return (0,github/* getOctokit */.Q)(token, { baseUrl, userAgent: 'grape-facts' });
}

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/facts/retry-on-conflict.ts
/**
 * Bounded retries with full-jitter exponential backoff for a commit that lost a race: the branch
 * moved between reading its head and updating it. Each attempt starts again from the new head.
 */

/** Thrown by an attempt that lost a race (or hit a transient fault); anything else stops at once. */
class ConflictError extends Error {
    name = 'ConflictError';
}
const DEFAULT_COMMIT_RETRY = {
    maxAttempts: 12,
    baseDelayMs: 100,
    maxDelayMs: 4000,
};
const realRetryDeps = {
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
};
async function retryOnConflict(what, attempt, policy, deps) {
    for (let n = 1;; n++) {
        try {
            return { result: await attempt(n), attempts: n };
        }
        catch (error) {
            if (!(error instanceof ConflictError))
                throw error;
            if (n >= policy.maxAttempts)
                throw new errors/* GrapeError */.O(`Could not ${what} after ${n} attempts: ${error.message}. Other writers kept moving the branch; re-run the job, or give this environment its own facts-branch.`);
            const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
            const delay = Math.round(deps.random() * ceiling);
            deps.log?.(`${error.message}; retrying in ${delay} ms (attempt ${n + 1} of ${policy.maxAttempts}).`);
            await deps.sleep(delay);
        }
    }
}

;// CONCATENATED MODULE: ./src/facts/explain-github-error.ts
/**
 * Turns GitHub API failures into messages a user can act on, and tells races (retry) from refusals
 * (stop). Never includes the token; GitHub's own message is quoted since it names the rule.
 */


function githubMessage(error) {
    const e = error;
    const data = e.response?.data;
    return typeof data?.message === 'string' ? data.message : (e.message ?? String(error));
}
function githubStatus(error) {
    const status = error?.status;
    return typeof status === 'number' ? status : undefined;
}
const PROTECTED = /protected branch|rule violation|must be made through a pull request|required status check|approving review|Cannot update this protected ref/i;
/** Rethrows `error` as a ConflictError (retry) or an explained GrapeError (stop). */
function explainGitHubError(error, target, doing) {
    const status = githubStatus(error);
    const said = githubMessage(error).split('\n')[0].trim();
    const repo = `${target.owner}/${target.repo}`;
    if (error instanceof errors/* GrapeError */.O || error instanceof ConflictError)
        throw error;
    if (status === undefined)
        throw new ConflictError(`GitHub could not be reached while trying to ${doing} (${said})`);
    if (status >= 500 || status === 429 || (status === 403 && /rate limit/i.test(said)))
        throw new ConflictError(`GitHub answered ${status} (${said}) while trying to ${doing}`);
    if (status === 422 &&
        /not a fast.?forward|reference already exists|reference cannot be updated/i.test(said))
        throw new ConflictError(`branch '${target.branch}' of ${repo} moved while committing`);
    if (status === 422 && PROTECTED.test(githubMessage(error)))
        throw new errors/* GrapeError */.O(`Could not commit the facts to branch '${target.branch}' of ${repo}: the branch is protected (GitHub said: "${said}"). ` +
            "Use `facts-mode: pull-request` to propose the facts as a pull request, or set 'facts-branch' to a branch the token may push to.");
    if (status === 401)
        throw new errors/* GrapeError */.O(`Could not ${doing}: GitHub refused the facts token (401 ${said}). It is expired, revoked or mistyped; check 'facts-token'.`);
    if (status === 403)
        throw new errors/* GrapeError */.O(`Could not ${doing}: the facts token may not write to ${repo} (403 ${said}). ` +
            "A workflow's GITHUB_TOKEN can only write to its own repository: give 'facts-token' a GitHub App installation token or a fine-grained token with 'contents: write' on the GitOps repository (and 'pull-requests: write' for facts-mode: pull-request).");
    if (status === 404)
        throw new errors/* GrapeError */.O(`Could not ${doing}: ${repo} was not found (404). Check 'facts-repository', and that the facts token can see the repository (a private repository answers 404 to tokens without access).`);
    if (status === 409 && /empty/i.test(said))
        throw new errors/* GrapeError */.O(`Could not ${doing}: ${repo} is empty (GitHub said: "${said}"). Push a first commit (e.g. a README) to its default branch.`);
    throw new errors/* GrapeError */.O(`Could not ${doing} in ${repo}: GitHub answered ${status} (${said}).`);
}

// EXTERNAL MODULE: ./src/facts/facts-path.ts
var facts_path = __webpack_require__(9202);
;// CONCATENATED MODULE: ./src/facts/github-git.ts
/**
 * The Git Data and Contents API calls the GitHub committers are made of, each one request (or, for
 * the rare path check, a few). Failures are explained by the caller, who knows what it was doing.
 */



const SYMLINK_MODE = '120000';
async function defaultBranchOf(client, repo) {
    const { data } = await client.rest.repos.get({ ...repo });
    return data.default_branch;
}
/** The branch's head commit, or undefined when the branch does not exist. */
async function branchHead(client, repo, branch) {
    try {
        const { data } = await client.rest.repos.getBranch({ ...repo, branch });
        return {
            sha: data.commit.sha,
            treeSha: data.commit.commit.tree.sha,
            message: data.commit.commit.message,
        };
    }
    catch (error) {
        if (githubStatus(error) === 404 && /branch not found/i.test(githubMessage(error)))
            return undefined;
        throw error;
    }
}
const unsafe = (path, why) => new errors/* GrapeError */.O(`Refusing to write the facts to '${path}': ${why}. Choose another 'facts-path', or replace the symlink with a plain folder/file in the GitOps repository.`);
/**
 * The facts file's text at `commitSha`, or undefined when it does not exist yet. Refuses a path
 * that is, or goes through, a symlink (tree mode 120000), a folder or a submodule.
 */
async function readFactsFile(client, repo, head, path) {
    let data;
    try {
        ({ data } = await client.rest.repos.getContent({ ...repo, path, ref: head.sha }));
    }
    catch (error) {
        if (githubStatus(error) !== 404)
            throw error;
        await assertParentsAreFolders(client, repo, head.treeSha, path);
        return undefined;
    }
    if (Array.isArray(data))
        throw unsafe(path, 'it is a folder in the repository');
    const item = data;
    if (item.type === 'symlink')
        throw unsafe(path, 'it is a symlink in the repository');
    if (item.type !== 'file')
        throw unsafe(path, `it is a ${item.type} in the repository`);
    // The Contents API answers a symlink to a file with that file's content, under its own path.
    if (item.path !== path)
        throw unsafe(path, `it is a symlink to '${item.path}'`);
    if (item.encoding === 'base64' && item.content !== undefined)
        return Buffer.from(item.content, 'base64').toString('utf8');
    // Files over 1 MB come without content: read the blob.
    const blob = await client.rest.git.getBlob({ ...repo, file_sha: item.sha });
    return Buffer.from(blob.data.content, 'base64').toString('utf8');
}
/** When the file is absent: each folder on its path must be a folder, not a symlink or a file. */
async function assertParentsAreFolders(client, repo, treeSha, path) {
    const parents = (0,facts_path/* parentsOf */.fY)(path);
    if (parents.length === 0)
        return;
    const { data } = await client.rest.git.getTree({ ...repo, tree_sha: treeSha, recursive: 'true' });
    let modes = new Map(data.tree.map((e) => [e.path ?? '', e.mode ?? '']));
    if (data.truncated)
        modes = await modesAlong(client, repo, treeSha, parents);
    for (const parent of parents) {
        const mode = modes.get(parent);
        if (mode === undefined)
            return; // the rest of the path is new
        if (mode === SYMLINK_MODE)
            throw unsafe(path, `'${parent}' is a symlink in the repository`);
        if (mode !== '040000')
            throw unsafe(path, `'${parent}' is a file in the repository`);
    }
}
/** For trees too large for one recursive listing: one listing per folder along the path. */
async function modesAlong(client, repo, rootSha, parents) {
    const modes = new Map();
    let sha = rootSha;
    for (const parent of parents) {
        const name = parent.split('/').at(-1);
        const { data } = await client.rest.git.getTree({ ...repo, tree_sha: sha });
        const entry = data.tree.find((e) => e.path === name);
        if (!entry?.mode || !entry.sha)
            break;
        modes.set(parent, entry.mode);
        if (entry.mode !== '040000')
            break;
        sha = entry.sha;
    }
    return modes;
}
/** One commit on top of `head` writing `content` to `path`; other files come from head's tree. */
async function createFactsCommit(client, repo, head, file, author) {
    // `content` in the tree entry saves the create-blob call.
    const tree = await client.rest.git.createTree({
        ...repo,
        base_tree: head.treeSha,
        tree: [{ path: file.path, mode: '100644', type: 'blob', content: file.content }],
    });
    const commit = await client.rest.git.createCommit({
        ...repo,
        message: file.message,
        tree: tree.data.sha,
        parents: [head.sha],
        // Without an author GitHub uses the token's identity and signs the commit (Verified).
        ...(author ? { author: { ...author }, committer: { ...author } } : {}),
    });
    return { sha: commit.data.sha, treeSha: tree.data.sha };
}
async function moveBranch(client, repo, branch, sha, force) {
    await client.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha, force });
}
async function createBranch(client, repo, branch, sha) {
    await client.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha });
}

;// CONCATENATED MODULE: ./src/facts/github-committer.ts




/** The branch to write, asking GitHub for the default branch when none was configured. */
async function resolveBranch(client, repo, branch) {
    if (branch !== undefined)
        return branch;
    try {
        return await defaultBranchOf(client, repo);
    }
    catch (error) {
        return explainGitHubError(error, { ...repo, branch: '(default)' }, 'read the repository');
    }
}
/** The head of an existing branch, with a clear error when the branch does not exist. */
async function requireHead(client, target) {
    let head;
    try {
        head = await branchHead(client, target, target.branch);
    }
    catch (error) {
        return explainGitHubError(error, target, `read branch '${target.branch}'`);
    }
    if (!head)
        throw new errors/* GrapeError */.O(`Could not commit the facts: branch '${target.branch}' does not exist in ${target.owner}/${target.repo}. Create it, or set 'facts-branch' to an existing branch (leave it empty for the default branch).`);
    return head;
}
async function commitFactsToGitHub(repo, configuredBranch, change, author, deps) {
    const { client } = deps;
    const branch = await resolveBranch(client, repo, configuredBranch);
    const target = { ...repo, branch };
    let fileJudged = false;
    const { result, attempts } = await retryOnConflict(`commit the facts to ${repo.owner}/${repo.repo}@${branch}`, async () => {
        const head = await requireHead(client, target);
        const judged = change.judgeHead(head.message);
        if (judged === 'same')
            return { changed: false, sha: head.sha };
        // Once the file was judged changed, a retry only needs the new head: our content wins.
        if (judged === 'unknown' && !fileJudged) {
            let previous;
            try {
                previous = await readFactsFile(client, repo, head, change.path);
            }
            catch (error) {
                explainGitHubError(error, target, `read ${change.path}`);
            }
            if (change.isUnchanged(previous))
                return { changed: false, sha: head.sha };
            fileJudged = true;
        }
        try {
            const commit = await createFactsCommit(client, repo, head, change, author);
            await moveBranch(client, repo, branch, commit.sha, false);
            return { changed: true, sha: commit.sha };
        }
        catch (error) {
            return explainGitHubError(error, target, `commit to branch '${branch}'`);
        }
    }, deps.policy ?? DEFAULT_COMMIT_RETRY, deps);
    return { ...result, branch, attempts };
}

;// CONCATENATED MODULE: ./src/facts/github-pull-request.ts
/**
 * `facts-mode: pull-request`: the facts are proposed, not pushed. One Grape-owned branch per
 * project/environment (`grape/facts/<project>/<environment>`) holds the base branch's head plus one
 * facts commit, rebuilt on every change (so the pull request is always mergeable), and one open
 * pull request from it, opened or found again, never duplicated.
 */




const proposalBranch = (project, environment) => `grape/facts/${project}/${environment}`;
async function proposeFactsOnGitHub(repo, configuredBase, change, names, author, deps) {
    const { client } = deps;
    const base = await resolveBranch(client, repo, configuredBase);
    const branch = proposalBranch(names.project, names.environment);
    const target = { ...repo, branch };
    const { result, attempts } = await retryOnConflict(`propose the facts on ${repo.owner}/${repo.repo}@${branch}`, async () => {
        const baseHead = await requireHead(client, { ...repo, branch: base });
        try {
            const judged = change.judgeHead(baseHead.message);
            const onBase = judged === 'same' ||
                (judged === 'unknown' &&
                    change.isUnchanged(await readFactsFile(client, repo, baseHead, change.path)));
            if (onBase)
                return { changed: false, sha: baseHead.sha, propose: false };
            const proposed = await branchHead(client, repo, branch);
            if (proposed && change.judgeHead(proposed.message) === 'same')
                return { changed: false, sha: proposed.sha, propose: true };
            const commit = await createFactsCommit(client, repo, baseHead, change, author);
            // The branch is Grape's own: it is reset to base + this one commit.
            if (proposed)
                await moveBranch(client, repo, branch, commit.sha, true);
            else
                await createBranch(client, repo, branch, commit.sha);
            return { changed: true, sha: commit.sha, propose: true };
        }
        catch (error) {
            return explainGitHubError(error, target, `push the facts to branch '${branch}'`);
        }
    }, deps.policy ?? DEFAULT_COMMIT_RETRY, deps);
    const pullRequestUrl = result.propose
        ? await ensurePullRequest(client, repo, { head: branch, base }, change, names)
        : undefined;
    return { changed: result.changed, sha: result.sha, branch, pullRequestUrl, attempts };
}
async function ensurePullRequest(client, repo, refs, change, names) {
    const target = { ...repo, branch: refs.head };
    const find = async () => {
        const { data } = await client.rest.pulls.list({
            ...repo,
            head: `${repo.owner}:${refs.head}`,
            base: refs.base,
            state: 'open',
            per_page: 1,
        });
        return data[0]?.html_url;
    };
    try {
        const open = await find();
        if (open)
            return open;
        const { data } = await client.rest.pulls.create({
            ...repo,
            head: refs.head,
            base: refs.base,
            title: `facts(${names.project}/${names.environment}): update infra facts`,
            body: `Grape proposes new infra facts for **${names.project}/${names.environment}** in \`${change.path}\`.\n\n` +
                'Merging hands them to ArgoCD. Later applies update this pull request; each commit carries `Grape-Deployment`, `Grape-Run` and `Grape-Source` trailers.',
            maintainer_can_modify: false,
        });
        return data.html_url;
    }
    catch (error) {
        // Another run opened it between our list and create.
        const again = await find().catch(() => undefined);
        if (again)
            return again;
        return explainGitHubError(error, target, 'open the facts pull request');
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
;// CONCATENATED MODULE: ./src/facts/checkout-path.ts
/** Path safety inside a checked-out GitOps repository: no symlink anywhere along the facts path. */




const refuse = (factsPath, why) => new errors/* GrapeError */.O(`Refusing to write the facts to '${factsPath}': ${why}. Choose another 'facts-path', or replace the symlink with a plain folder/file in the GitOps repository.`);
async function kindOf(file) {
    try {
        const stat = await (0,promises_.lstat)(file);
        if (stat.isSymbolicLink())
            return 'symlink';
        if (stat.isDirectory())
            return 'folder';
        return stat.isFile() ? 'file' : 'other';
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return 'missing';
        throw error;
    }
}
/** The facts file's current text (undefined when absent), after checking every step of its path. */
async function readCheckedOutFacts(root, factsPath) {
    for (const parent of (0,facts_path/* parentsOf */.fY)(factsPath)) {
        const kind = await kindOf(external_node_path_default().join(root, parent));
        if (kind === 'missing')
            return undefined;
        if (kind === 'symlink')
            throw refuse(factsPath, `'${parent}' is a symlink in the repository`);
        if (kind !== 'folder')
            throw refuse(factsPath, `'${parent}' is a file in the repository`);
    }
    const file = external_node_path_default().join(root, factsPath);
    const kind = await kindOf(file);
    if (kind === 'missing')
        return undefined;
    if (kind === 'symlink')
        throw refuse(factsPath, 'it is a symlink in the repository');
    if (kind !== 'file')
        throw refuse(factsPath, `it is a ${kind} in the repository`);
    return (0,promises_.readFile)(file, 'utf8');
}

// EXTERNAL MODULE: ./src/facts/git-env.ts
var git_env = __webpack_require__(1253);
;// CONCATENATED MODULE: ./src/facts/explain-git-failure.ts
/**
 * Reads git's complaints: a push that lost a race (retry), or a refusal to explain. Git's own
 * words are quoted (they name the server's rule), with any secret blanked out.
 */

const RACE = /\[rejected\]|\(fetch first\)|non-fast-forward|cannot lock ref|failed to update ref|incorrect old value|stale info|failed to lock/i;
const explain_git_failure_PROTECTED = /protected branch|GH006|pre-receive hook declined|push declined|not allowed to push/i;
const AUTH = /authentication failed|could not read (username|password)|HTTP (401|403)|\b(401|403)\b|permission denied|access denied|not authorized|terminal prompts disabled/i;
const NO_BRANCH = /Remote branch .* not found|couldn't find remote ref/i;
const NO_REPO = /repository .* not found|does not appear to be a git repository|not found|HTTP 404|no such file or directory/i;
const isPushRace = (output) => RACE.test(output) && !explain_git_failure_PROTECTED.test(output);
/** The last few meaningful lines of git's output, secrets removed. */
function quoteGit(output, secrets) {
    let text = output;
    for (const secret of secrets)
        text = text.split(secret).join('***');
    const lines = text
        .split('\n')
        .map((l) => l.replace(/^remote:\s*/, '').trim())
        .filter((l) => l !== '' && !/^(To |Done|hint:)/.test(l));
    return lines.slice(-4).join(' / ');
}
function explainGitFailure(step, url, branch, output, secrets) {
    const said = quoteGit(output, secrets);
    const where = branch ? `branch '${branch}' of ${url}` : url;
    if (explain_git_failure_PROTECTED.test(output))
        return new errors/* GrapeError */.O(`Could not push the facts to ${where}: the branch is protected (git said: ${said}). Set 'facts-branch' to a branch the token may push to, or use 'facts-repository' with \`facts-mode: pull-request\` for a GitHub repository.`);
    if (AUTH.test(output))
        return new errors/* GrapeError */.O(`Could not ${step} ${url}: the remote refused the credentials (git said: ${said}). Check that 'facts-token' holds a token with write access to the repository, and the user name in 'facts-git-url' if the host needs one (e.g. https://oauth2@gitlab.com/… or https://x-token-auth@bitbucket.org/…).`);
    if (NO_BRANCH.test(output))
        return new errors/* GrapeError */.O(`Could not ${step} ${url}: branch '${branch ?? '(default)'}' does not exist there (git said: ${said}). Create it, or set 'facts-branch' to an existing branch.`);
    if (NO_REPO.test(output))
        return new errors/* GrapeError */.O(`Could not ${step} ${url}: no git repository there (git said: ${said}). Check 'facts-git-url'.`);
    return new errors/* GrapeError */.O(`Could not ${step} the facts repository ${url}: git said: ${said}`);
}

;// CONCATENATED MODULE: ./src/facts/git-committer.ts
/**
 * `facts-git-url`: the facts committed with plain git to any remote. Shallow clone of the branch,
 * one commit, push; when the push is rejected because the branch moved, fetch the new head, replay
 * the change on it (the facts file is ours: the replay is a rebase that cannot conflict), push again,
 * a bounded number of times.
 */







/** Commits made by an Actions run, shown with the Actions avatar on GitHub. */
const BOT_IDENTITY = {
    name: 'github-actions[bot]',
    email: '41898282+github-actions[bot]@users.noreply.github.com',
};
async function commitFactsWithGit(destination, configuredBranch, change, options, deps) {
    const author = options.author ?? BOT_IDENTITY;
    const env = {
        ...(0,git_env/* gitEnv */.g)(deps.env, destination, options.token),
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_COMMITTER_NAME: author.name,
        GIT_COMMITTER_EMAIL: author.email,
    };
    // --depth works over file:// but is ignored for a plain path.
    const remote = destination.transport === 'file' && destination.url.startsWith('/')
        ? (0,external_node_url_.pathToFileURL)(destination.url).href
        : destination.url;
    const work = await (0,promises_.mkdtemp)(external_node_path_default().join(deps.tempDir, 'grape-facts-'));
    const dir = external_node_path_default().join(work, 'repo');
    const secrets = options.token ? [options.token] : [];
    const git = async (args, input) => {
        const result = await deps.exec('git', args, { cwd: dir, env, ...(input ? { input } : {}) });
        if (result.code !== 0)
            throw new GitFailure(args, result.stderr, secrets);
        return result.stdout.trim();
    };
    try {
        const cloneArgs = ['clone', '--quiet', '--depth', '1', '--single-branch', '--no-tags'];
        if (configuredBranch)
            cloneArgs.push('--branch', configuredBranch);
        const cloned = await deps.exec('git', [...cloneArgs, '--', remote, dir], { cwd: work, env });
        if (cloned.code !== 0)
            throw explainGitFailure('clone', destination.url, configuredBranch, cloned.stderr, secrets);
        const branch = configuredBranch ?? (await git(['symbolic-ref', '--short', 'HEAD']));
        let fileJudged = false;
        const { result, attempts } = await retryOnConflict(`push the facts to ${destination.url} (${branch})`, async (attempt) => {
            if (attempt > 1) {
                await git(['fetch', '--quiet', '--depth', '1', '--no-tags', 'origin', branch]);
                await git(['reset', '--quiet', '--hard', 'FETCH_HEAD']);
            }
            const previous = await readCheckedOutFacts(dir, change.path);
            if (!fileJudged) {
                if (change.isUnchanged(previous))
                    return { changed: false, sha: await git(['rev-parse', 'HEAD']) };
                fileJudged = true;
            }
            if (previous === change.content)
                return { changed: false, sha: await git(['rev-parse', 'HEAD']) };
            await (0,promises_.mkdir)(external_node_path_default().dirname(external_node_path_default().join(dir, change.path)), { recursive: true });
            await (0,promises_.writeFile)(external_node_path_default().join(dir, change.path), change.content);
            await git(['add', '--', change.path]);
            await git(['commit', '--quiet', '--no-verify', '-F', '-'], change.message);
            const pushed = await deps.exec('git', ['push', '--porcelain', 'origin', `HEAD:refs/heads/${branch}`], { cwd: dir, env });
            if (pushed.code === 0)
                return { changed: true, sha: await git(['rev-parse', 'HEAD']) };
            const output = `${pushed.stdout}\n${pushed.stderr}`;
            if (isPushRace(output))
                throw new ConflictError(`branch '${branch}' moved while pushing`);
            throw explainGitFailure('push', destination.url, branch, output, secrets);
        }, deps.policy ?? DEFAULT_COMMIT_RETRY, deps);
        return { ...result, branch, attempts };
    }
    catch (error) {
        if (error instanceof GitFailure)
            throw explainGitFailure(error.step, destination.url, configuredBranch, error.stderr, secrets);
        throw error;
    }
    finally {
        await (0,promises_.rm)(work, { recursive: true, force: true });
    }
}
class GitFailure extends Error {
    stderr;
    step;
    constructor(args, stderr, secrets) {
        super(`git ${args[0]} failed`);
        this.stderr = stderr;
        this.step = args[0] ?? 'git';
        for (const secret of secrets)
            this.stderr = this.stderr.split(secret).join('***');
    }
}

;// CONCATENATED MODULE: ./src/facts/parse-outputs.ts
/**
 * Reads `terraform output -json` (or `tofu output -json`) without losing precision: numbers are
 * kept as their exact decimal text (Terraform numbers are arbitrary-precision; JSON.parse would turn
 * 12345678901234567890 into 12345678901234567000).
 */


const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && !(0,esm/* isLosslessNumber */.s_)(value);
/**
 * Parses the document. Never includes an output's value in an error message: it may be sensitive.
 */
function parseOutputs(json) {
    let parsed;
    try {
        parsed = (0,esm/* parse */.qg)(json);
    }
    catch (error) {
        // The parser's own message quotes input characters, which may be part of a secret: only the position is kept.
        const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
        throw new errors/* GrapeError */.O(`Could not read the Terraform outputs: \`terraform output -json\` did not print valid JSON${position ? ` (error at character ${position})` : ''}. ` +
            'Check that nothing wraps the terraform binary (e.g. setup-terraform with terraform_wrapper: true).');
    }
    if (!isObject(parsed)) {
        throw new errors/* GrapeError */.O('Could not read the Terraform outputs: `terraform output -json` printed something other than an object of outputs.');
    }
    const outputs = new Map();
    for (const [name, entry] of Object.entries(parsed)) {
        if (!isObject(entry) || typeof entry['sensitive'] !== 'boolean' || !('value' in entry)) {
            throw new errors/* GrapeError */.O(`Could not read the Terraform outputs: output '${name}' has no 'sensitive' flag or no 'value' (expected {"sensitive": false, "type": …, "value": …}).`);
        }
        outputs.set(name, { sensitive: entry['sensitive'], value: entry['value'] });
    }
    return outputs;
}

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
;// CONCATENATED MODULE: ./src/facts/select-outputs.ts
/**
 * Chooses which outputs become facts: `facts-include` / `facts-exclude` globs on output names, and
 * sensitive outputs reduced to their names.
 */

function selectOutputs(outputs, filter) {
    const included = filter.include.length === 0 ? () => true : picomatch_default()([...filter.include]);
    const excluded = filter.exclude.length === 0 ? () => false : picomatch_default()([...filter.exclude]);
    const facts = [];
    const redacted = [];
    for (const name of [...outputs.keys()].sort()) {
        if (!included(name) || excluded(name))
            continue;
        const output = outputs.get(name);
        if (output.sensitive)
            redacted.push(name);
        else
            facts.push([name, output.value]);
    }
    // fromEntries defines own properties, so even an output named `__proto__` stays a plain fact.
    return { facts: Object.fromEntries(facts), redacted };
}

;// CONCATENATED MODULE: ./src/facts/unmatched-globs.ts
/** Include globs that select nothing: almost always a typo worth a warning. */

function unmatchedGlobs(outputs, filter) {
    if (outputs.size === 0)
        return [];
    const names = [...outputs.keys()];
    return filter.include.filter((glob) => !names.some((name) => picomatch_default().isMatch(name, glob)));
}

;// CONCATENATED MODULE: ./src/facts/web-url.ts
/** The browsable page of a git remote, for the `facts-url` output, when the host's layout is known. */
function webUrlOf(remote, githubServerUrl) {
    let url;
    try {
        url = new URL(remote);
    }
    catch {
        return undefined;
    }
    if (url.protocol !== 'https:')
        return undefined;
    const base = `${url.origin}${url.pathname.replace(/\.git$/, '').replace(/\/$/, '')}`;
    const github = new URL(githubServerUrl).host;
    if (url.host === github || url.host === 'github.com')
        return base;
    if (/gitlab/i.test(url.host))
        return `${base}/-`;
    return undefined;
}

;// CONCATENATED MODULE: ./src/facts/publish-facts.ts










async function publishFacts(config, input, deps) {
    const { io } = deps;
    const outputs = parseOutputs(input.outputsJson);
    const selected = selectOutputs(outputs, config.filter);
    for (const glob of unmatchedGlobs(outputs, config.filter))
        io.warning(`facts-include pattern '${glob}' matched no Terraform output.`);
    const redactedNote = selected.redacted.length > 0 ? `; redacted (sensitive): ${selected.redacted.join(', ')}` : '';
    io.info(`Facts: ${Object.keys(selected.facts).length} of ${outputs.size} outputs${redactedNote}.`);
    const { run } = input;
    const doc = buildInfraFacts({
        project: config.project,
        environment: config.environment,
        deploymentId: input.deploymentId,
        engine: { ...input.engine },
        source: {
            repository: input.source?.repository ?? run.repository ?? null,
            ref: input.source?.ref ?? run.ref ?? null,
            sha: input.source?.sha ?? run.sha ?? null,
            path: input.source?.path ?? null,
        },
        run: { id: run.runId ?? null, url: run.runUrl ?? null, actor: run.actor ?? null },
    }, selected, deps.now());
    const change = factsChange(doc, config.format, config.path);
    const retry = { ...deps, log: (m) => io.info(m) };
    let result;
    const { destination } = config;
    if (destination.kind === 'git') {
        const commit = await commitFactsWithGit(destination, config.branch, change, { token: config.token, author: config.author }, retry);
        const web = webUrlOf(destination.url, run.serverUrl);
        result = {
            ...commit,
            path: config.path,
            url: web && `${web}/blob/${commit.sha}/${config.path}`,
            pullRequestUrl: undefined,
        };
    }
    else {
        const client = (deps.github ?? ((t) => createGitHubClient(t, deps.env)))(config.token);
        const repo = { owner: destination.owner, repo: destination.repo };
        const web = `${run.serverUrl}/${repo.owner}/${repo.repo}`;
        const deps2 = { ...retry, client };
        const commit = config.mode === 'pull-request'
            ? await proposeFactsOnGitHub(repo, config.branch, change, config, config.author, deps2)
            : {
                ...(await commitFactsToGitHub(repo, config.branch, change, config.author, deps2)),
                pullRequestUrl: undefined,
            };
        result = { ...commit, path: config.path, url: `${web}/blob/${commit.sha}/${config.path}` };
    }
    const where = `${config.path} on ${result.branch}`;
    io.info(result.changed
        ? `Committed the facts to ${where}: ${result.sha}${result.attempts > 1 ? ` (after ${result.attempts} attempts: the branch moved meanwhile)` : ''}.`
        : `The facts in ${where} are already current: no commit.`);
    io.setOutput('facts-commit', result.sha);
    io.setOutput('facts-changed', String(result.changed));
    if (result.url)
        io.setOutput('facts-url', result.url);
    if (result.pullRequestUrl) {
        io.setOutput('facts-pull-request-url', result.pullRequestUrl);
        io.info(`Facts pull request: ${result.pullRequestUrl}`);
    }
    return result;
}

;// CONCATENATED MODULE: ./src/facts/run-facts-step.ts
/** Wires the facts step to the real world: Octokit, git, the clock, RUNNER_TEMP. */





/** Publishes the facts of an apply, from the engine step's result. */
async function runFactsStep(config, engineResult, io, env, exec = facts_exec/* nodeExec */.U) {
    return io.group('Publish infra facts', async () => publishFacts(config.facts, {
        ...engineResult,
        deploymentId: config.deploymentId,
        run: config.run,
        source: {
            ...(config.source.kind === 'clone'
                ? { repository: config.source.repository, ref: config.source.ref }
                : {}),
            path: external_node_path_default().relative(config.source.root, config.terraform.workingDirectory) || '.',
        },
    }, {
        io,
        env,
        exec,
        now: () => new Date(),
        tempDir: env['RUNNER_TEMP'] || (0,external_node_os_.tmpdir)(),
        ...realRetryDeps,
    }));
}


/***/ })

};
