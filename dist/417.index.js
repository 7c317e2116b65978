export const id = 417;
export const ids = [417];
export const modules = {

/***/ 4417:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   buildReport: () => (/* binding */ buildReport)
/* harmony export */ });
/* harmony import */ var _contract_deployment_spec_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7749);
/**
 * The report the action sends the dispatcher at the end of a run: names, counts and hashes only —
 * never output values (the outputs JSON holds sensitive values in clear text).
 */

function buildReport(deploymentId, result, failure) {
    const report = {
        v: 1,
        deploymentId,
        status: failure === undefined ? 'succeeded' : 'failed',
    };
    const engine = result.engine;
    if (engine?.planSha256) {
        const counts = engine.planSummary.counts;
        report.plan = {
            sha256: engine.planSha256,
            hasChanges: engine.planSummary.hasChanges,
            summary: {
                add: engine.planSummary.add,
                change: engine.planSummary.change,
                destroy: engine.planSummary.destroy,
                create: counts.create,
                update: counts.update,
                delete: counts.delete,
                replace: counts.replace,
                import: counts.import,
                move: counts.move,
                forget: counts.forget,
                'no-op': counts.noOp,
            },
        };
    }
    // After an apply, the state's outputs; after a plan, the outputs the plan would produce.
    if (engine) {
        const applied = outputNames(engine.outputsJson);
        report.outputs =
            applied.length > 0
                ? applied
                : [...new Set(engine.planSummary.outputs.map((o) => o.name))]
                    .filter((n) => NAME.test(n))
                    .sort();
    }
    if (result.factsCommit)
        report.factsCommit = result.factsCommit;
    if (failure !== undefined)
        report.error = failure.slice(0, 4000);
    return report;
}
/** Output names as the report contract accepts them. */
const NAME = new RegExp(_contract_deployment_spec_js__WEBPACK_IMPORTED_MODULE_0__/* .VARIABLE_NAME_PATTERN */ .u8);
/** Top-level keys of `terraform output -json`, parsed without keeping any value. */
function outputNames(outputsJson) {
    try {
        const parsed = JSON.parse(outputsJson, (key, value) => key === 'value' ? null : value);
        return Object.keys(parsed)
            .filter((name) => NAME.test(name))
            .sort()
            .slice(0, 500);
    }
    catch {
        return [];
    }
}


/***/ })

};
