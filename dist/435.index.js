export const id = 435;
export const ids = [435];
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

/***/ 2435:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   fetchSource: () => (/* binding */ fetchSource)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/* harmony import */ var _facts_exec_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7278);
/* harmony import */ var _facts_facts_destination_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(109);
/* harmony import */ var _facts_git_env_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1253);
/**
 * Clones the spec's source repository at its ref, shallowly. The token travels as an HTTP header
 * through GIT_CONFIG_* (as for facts): never in argv, the remote URL or .git/config.
 */






async function fetchSource(source, io, env, exec = _facts_exec_js__WEBPACK_IMPORTED_MODULE_3__/* .nodeExec */ .U) {
    if (source.token)
        io.setSecret(Buffer.from(`${_facts_facts_destination_js__WEBPACK_IMPORTED_MODULE_4__/* .DEFAULT_GIT_USERNAME */ .QW}:${source.token}`).toString('base64'));
    const gitenv = (0,_facts_git_env_js__WEBPACK_IMPORTED_MODULE_5__/* .gitEnv */ .g)(env, { kind: 'git', url: source.url, transport: 'http', username: _facts_facts_destination_js__WEBPACK_IMPORTED_MODULE_4__/* .DEFAULT_GIT_USERNAME */ .QW }, source.token);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(source.root, { recursive: true, force: true });
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(node_path__WEBPACK_IMPORTED_MODULE_1___default().dirname(source.root), { recursive: true });
    const git = (args, cwd) => exec('git', args, { env: gitenv, ...(cwd ? { cwd } : {}) });
    // A ref may be a branch, a tag or a commit: init + fetch of that ref works for all three.
    const steps = [
        [['init', '--quiet', source.root], undefined],
        [['remote', 'add', 'origin', source.url], source.root],
        [['fetch', '--quiet', '--depth', '1', '--no-tags', 'origin', source.ref], source.root],
        [['checkout', '--quiet', '--detach', 'FETCH_HEAD'], source.root],
    ];
    await io.group(`Fetch ${source.repository}@${source.ref}`, async () => {
        for (const [args, cwd] of steps) {
            const result = await git(args, cwd);
            if (result.code !== 0) {
                const reason = result.stderr.trim().split('\n').slice(-2).join(' ');
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .GrapeError */ .O(`Could not fetch the module source ${source.repository} at '${source.ref}' (git ${args[0]}: ${reason}). ` +
                    "The runner workflow's token must be able to read that repository: pass `source-token` (e.g. a GitHub App installation token with contents: read), and check that the ref exists.");
            }
        }
    });
}


/***/ })

};
