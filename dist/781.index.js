export const id = 781;
export const ids = [781];
export const modules = {

/***/ 4781:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   postReport: () => (/* binding */ postReport)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _identity_oidc_token_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5325);


/** Returns true when the dispatcher accepted the report. */
async function postReport(spec, report, { io, env, fetch: fetchImpl = fetch, timeoutMs = 15_000 }) {
    const url = spec.callback.url;
    if (!env['ACTIONS_ID_TOKEN_REQUEST_URL']) {
        // Not on a runner that can prove who it is (the dispatcher's local executor reads the
        // `report` output instead): nothing to send, nothing to warn about.
        io.info(`No OIDC token available: the report for ${report.deploymentId} is in the 'report' output only.`);
        return false;
    }
    try {
        const token = await (0,_identity_oidc_token_js__WEBPACK_IMPORTED_MODULE_1__/* .getOidcToken */ .v)(io, env, spec.callback.audience);
        const response = await fetchImpl(url, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(report),
            signal: AbortSignal.timeout(timeoutMs),
        });
        if (response.ok) {
            io.info(`Reported '${report.status}' for ${report.deploymentId} to the dispatcher.`);
            return true;
        }
        const text = (await response.text()).slice(0, 300);
        io.warning(`The dispatcher refused the report for ${report.deploymentId} (HTTP ${response.status} from ${url}): ${text}. The deployment's status will come from GitHub's webhooks instead.`);
    }
    catch (error) {
        io.warning(`Could not report to the dispatcher at ${url}: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .g)(error)}. The deployment's status will come from GitHub's webhooks instead.`);
    }
    return false;
}


/***/ })

};
