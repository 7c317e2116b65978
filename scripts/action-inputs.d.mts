/** Types for action-inputs.mjs (imported by the tests). */
export declare const ACTION_INPUTS_FILE: string;
export declare function renderActionInputs(actionYaml: string): string;
