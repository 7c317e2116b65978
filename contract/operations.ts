/**
 * The operations a deployment runs, on their own (no TypeBox) so the action's configuration can
 * read them at start without loading the schema code.
 */
export const OPERATIONS = ['plan', 'apply', 'destroy'] as const;
export type SpecOperation = (typeof OPERATIONS)[number];
