export const id = 382;
export const ids = [382];
export const modules = {

/***/ 1382:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readTrustedKey: () => (/* binding */ readTrustedKey),
/* harmony export */   verifySumsSignature: () => (/* binding */ verifySumsSignature)
/* harmony export */ });
/* harmony import */ var openpgp__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3074);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/**
 * Checks the detached OpenPGP signature over a SHA256SUMS file. Fails closed: a key with another
 * fingerprint, an unreadable signature, a signature by any other key or over other bytes all throw.
 * Signatures are made by a signing subkey (HashiCorp: C820C6D5CD27AB87), which openpgp matches
 * through the primary key's binding signatures.
 */


async function readTrustedKey(key) {
    let parsed;
    try {
        parsed = await openpgp__WEBPACK_IMPORTED_MODULE_0__/* .readKey */ .YZ({ armoredKey: key.armored });
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GrapeError */ .O(`Could not read ${key.name}: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error)}. Give an armored OpenPGP public key.`);
    }
    if (parsed.isPrivate())
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GrapeError */ .O(`${key.name} is a private key. Give the public key, and rotate the private one.`);
    const fingerprint = parsed.getFingerprint().toUpperCase();
    if (key.fingerprint !== undefined && fingerprint !== key.fingerprint)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GrapeError */ .O(`${key.name} has fingerprint ${fingerprint}, expected ${key.fingerprint}: refusing to trust it.`);
    return parsed;
}
async function verifySumsSignature(sums, signature, key, what) {
    const publicKey = await readTrustedKey(key);
    let sig;
    try {
        sig = await openpgp__WEBPACK_IMPORTED_MODULE_0__/* .readSignature */ .Bc({ binarySignature: signature });
    }
    catch {
        try {
            // Some mirrors serve armored signatures; accept them too.
            sig = await openpgp__WEBPACK_IMPORTED_MODULE_0__/* .readSignature */ .Bc({
                armoredSignature: Buffer.from(signature).toString('utf8'),
            });
        }
        catch (error) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GrapeError */ .O(`The signature of ${what} is not an OpenPGP signature (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error)}): refusing to install.`);
        }
    }
    try {
        const result = await openpgp__WEBPACK_IMPORTED_MODULE_0__/* .verify */ .MX({
            message: await openpgp__WEBPACK_IMPORTED_MODULE_0__/* .createMessage */ .oH({ binary: sums }),
            signature: sig,
            verificationKeys: publicKey,
            expectSigned: true,
            format: 'binary',
        });
        // expectSigned throws on failure; the loop also makes sure every signature checked out.
        for (const s of result.signatures)
            await s.verified;
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GrapeError */ .O(`The signature of ${what} does not verify with ${key.name} (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error)}): refusing to install. The files may have been tampered with, or the mirror serves files signed by another key.`);
    }
}


/***/ })

};
