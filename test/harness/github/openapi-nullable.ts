/**
 * GitHub's OpenAPI 3.0 description marks some schemas `nullable: true` without a `type` (a nullable
 * `allOf`/`$ref`, e.g. the installation's `suspended_by`). Ajv only understands `nullable` next to
 * `type` and refuses to compile the rest; this rewrites those into the equivalent
 * `anyOf: [{type: 'null'}, <schema>]`, in place, so every operation's schemas compile.
 */
export function normalizeNullable(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) normalizeNullable(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  for (const value of Object.values(schema)) normalizeNullable(value);
  if (schema['nullable'] === true && schema['type'] === undefined) {
    const { nullable: _nullable, description, ...rest } = schema;
    for (const key of Object.keys(schema)) delete schema[key];
    if (description !== undefined) schema['description'] = description;
    schema['anyOf'] = [{ type: 'null' }, rest];
  }
}
