/** Types for module-docs.mjs (imported by the tests). */
export declare const BEGIN_MARKER: string;
export declare const END_MARKER: string;
export interface ParsedBlock {
  readonly [key: string]: unknown;
}
export declare function readModule(
  moduleDir: string,
): Promise<{ variables: Record<string, ParsedBlock>; outputs: Record<string, ParsedBlock> }>;
export declare function renderModuleDocs(moduleDir: string): Promise<string>;
export declare function replaceDocs(readme: string, docs: string): string;
export declare function listModules(root?: string): Promise<string[]>;
export declare function syncModuleDocs(options?: {
  root?: string;
  check?: boolean;
}): Promise<string[]>;
