/**
 * Deterministic shapes for rendering: object keys sorted (by UTF-16 code units, like JSON Schema
 * tooling and `jq -S`), arrays kept in order, lossless numbers kept as they are.
 */
import { isLosslessNumber } from 'lossless-json';

export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (typeof value !== 'object' || value === null || isLosslessNumber(value)) return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => [k, sortKeysDeep(v)] as const);
  return Object.fromEntries(entries);
}
