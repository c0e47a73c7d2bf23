/**
 * The one way a value a user typed reaches Athena's SQL: a Trino string
 * literal. Inside single quotes only a quote is special (doubled); there are
 * no backslash escapes in Trino, so nothing else can end the literal. NUL,
 * which Athena refuses in a query's text, is refused here. Names (database,
 * table) come from the configuration and are quoted as identifiers.
 */

export function trinoString(value: string): string {
  if (value.includes("\u0000")) throw new Error("a value with a NUL character cannot be searched");
  return `'${value.replace(/'/g, "''")}'`;
}

/** A list of literals, for `IN (...)`. */
export function trinoStrings(values: readonly string[]): string {
  return values.map(trinoString).join(", ");
}

/** A name from the configuration (database, table): letters, digits and `_`, double-quoted. */
export function trinoIdentifier(name: string): string {
  if (!/^[A-Za-z0-9_]{1,255}$/.test(name)) {
    throw new Error(`"${name}" is not an Athena database or table name (letters, digits, _)`);
  }
  return `"${name.toLowerCase()}"`;
}
