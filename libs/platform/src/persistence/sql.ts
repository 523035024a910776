/** Quotes a schema-qualified table name built from trusted metadata. */
export function qualifiedTable(schema: string, table: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema) || !/^[a-z_][a-z0-9_]*$/.test(table)) {
    throw new Error(`unsafe identifier ${schema}.${table}`);
  }
  return `"${schema}"."${table}"`;
}
