export const id = 645;
export const ids = [645];
export const modules = {

/***/ 8645:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createStsGateway: () => (/* binding */ createStsGateway)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1695);
/**
 * The only file that constructs AWS STS clients. The SDK's standard configuration applies, so
 * `AWS_ENDPOINT_URL_STS`, `AWS_USE_FIPS_ENDPOINT`, proxies and regional endpoints work as users
 * expect. SDK retries are off: the identity step's own policy (retry-sts.ts) decides.
 */

function createStsGateway(region) {
    const client = (credentials) => new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_0__/* .STSClient */ .iM({
        ...(region === undefined ? {} : { region }),
        maxAttempts: 1,
        ...(credentials === undefined
            ? {}
            : {
                credentials: {
                    accessKeyId: credentials.accessKeyId,
                    secretAccessKey: credentials.secretAccessKey,
                    ...(credentials.sessionToken === undefined
                        ? {}
                        : { sessionToken: credentials.sessionToken }),
                },
            }),
    });
    return {
        async assumeRoleWithWebIdentity(request) {
            const response = await client().send(new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_0__/* .AssumeRoleWithWebIdentityCommand */ .WH({
                RoleArn: request.roleArn,
                RoleSessionName: request.sessionName,
                DurationSeconds: request.durationSeconds,
                WebIdentityToken: request.webIdentityToken,
            }));
            return session(response.Credentials, response.AssumedRoleUser?.Arn);
        },
        async assumeRole(request, as) {
            const response = await client(as).send(new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_0__/* .AssumeRoleCommand */ .QL({
                RoleArn: request.roleArn,
                RoleSessionName: request.sessionName,
                DurationSeconds: request.durationSeconds,
                ExternalId: request.externalId,
                ...(request.tags.length === 0
                    ? {}
                    : { Tags: request.tags.map((t) => ({ Key: t.key, Value: t.value })) }),
                ...(request.sourceIdentity === undefined
                    ? {}
                    : { SourceIdentity: request.sourceIdentity }),
            }));
            return session(response.Credentials, response.AssumedRoleUser?.Arn);
        },
        async getCallerAccount(as) {
            const response = await client(as).send(new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_0__/* .GetCallerIdentityCommand */ .zI({}));
            if (!response.Account || !response.Arn)
                throw new Error('STS GetCallerIdentity returned no account');
            return { accountId: response.Account, arn: response.Arn };
        },
    };
}
function session(credentials, arn) {
    if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !arn) {
        throw new Error('STS returned a response without credentials');
    }
    return {
        credentials: {
            accessKeyId: credentials.AccessKeyId,
            secretAccessKey: credentials.SecretAccessKey,
            sessionToken: credentials.SessionToken,
            expiration: credentials.Expiration,
        },
        arn,
    };
}


/***/ })

};
