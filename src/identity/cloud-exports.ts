/** The saved state naming the cloud variables the main step exported, for the post step to clear. */
export const CLOUD_EXPORTS_STATE = 'grape-exported-cloud-variables';
