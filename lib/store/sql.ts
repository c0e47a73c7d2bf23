import type { DuckDBValue } from "@duckdb/node-api";

/**
 * SQL that reads like SQL: a tagged template whose interpolated values become
 * bound parameters and whose interpolated fragments are inlined.
 *
 *   sql`SELECT id FROM events WHERE time >= ${timestamp(from)} AND ${condition}`
 *
 * A fragment keeps its values apart from its text until the statement is
 * run: `text` numbers them ($1, $2, …) in the order they first appear, in this
 * one place, so fragments compose without counting parameters. A parameter
 * made once (`sql.param`, `timestamp`) and used in several places is bound
 * once. Text enters only through the template's own strings and `sql.raw`,
 * which is for names from the field table and fixed lists, never for values.
 */

/**
 * Fragments and parameters are told by a registered symbol, not `instanceof`:
 * Next bundles this module more than once (the store is opened from the
 * instrumentation hook, queried from route handlers), and a fragment made by
 * one copy must be one for the others.
 */
const FRAGMENT = Symbol.for("trailglass.sql.fragment");
const PARAM = Symbol.for("trailglass.sql.param");

/** One bound value; its number is given when the statement's text is made. */
class Param {
  readonly [PARAM] = true;
  constructor(readonly value: DuckDBValue) {}
}

function isParam(value: unknown): value is Param {
  return typeof value === "object" && value !== null && PARAM in value;
}

/** Whether `value` is a fragment made by `sql` (by any copy of this module). */
export function isSql(value: unknown): value is Sql {
  return typeof value === "object" && value !== null && FRAGMENT in value;
}

type Part = string | Param | Sql;

/** A value interpolated into `sql`: a fragment (inlined) or a value (bound). */
export type SqlValue = Sql | DuckDBValue;

/** A statement, or a piece of one, with its parameters. */
export class Sql {
  readonly [FRAGMENT] = true;
  private rendered: { text: string; params: DuckDBValue[] } | undefined;

  private constructor(private readonly parts: readonly Part[]) {}

  /** @internal The parts of a fragment (use `sql`, `sql.raw`, … to make one). */
  static of(parts: readonly Part[]): Sql {
    return new Sql(parts);
  }

  /** The text, its parameters numbered $1, $2, … in order of first appearance. */
  get text(): string {
    return this.render().text;
  }

  /** The values of the text's parameters, $1 first. */
  get params(): DuckDBValue[] {
    return this.render().params;
  }

  /** A fragment in a plain template string would lose its parameters: refused. */
  toString(): never {
    throw new Error("an Sql fragment is composed with sql`…`, not a plain template string");
  }

  private render(): { text: string; params: DuckDBValue[] } {
    if (this.rendered) return this.rendered;
    const numbers = new Map<Param, number>();
    const params: DuckDBValue[] = [];
    const chunks: string[] = [];
    const walk = (parts: readonly Part[]) => {
      for (const part of parts) {
        if (typeof part === "string") {
          chunks.push(part);
        } else if (isParam(part)) {
          let n = numbers.get(part);
          if (n === undefined) {
            n = params.push(part.value);
            numbers.set(part, n);
          }
          // The one place parameters are numbered.
          chunks.push("$" + n);
        } else {
          walk(part.parts);
        }
      }
    };
    walk(this.parts);
    this.rendered = { text: chunks.join(""), params };
    return this.rendered;
  }
}

function part(value: SqlValue): Sql | Param {
  return isSql(value) ? value : new Param(value);
}

/** A fragment: values become bound parameters, fragments are inlined. */
export function sql(strings: TemplateStringsArray, ...values: SqlValue[]): Sql {
  const parts: Part[] = [];
  strings.forEach((text, i) => {
    if (text) parts.push(text);
    if (i < values.length) parts.push(part(values[i] as SqlValue));
  });
  return Sql.of(parts);
}

/** The empty fragment. */
sql.empty = Sql.of([]);

/**
 * Trusted text, inlined as is: column names from the field table, fixed SQL
 * of this code (CHANGE_SQL, a list of constant names). Never a user's value.
 */
sql.raw = (text: string): Sql => Sql.of([text]);

/** One bound parameter, bound once however many times the fragment is used. */
sql.param = (value: DuckDBValue): Sql => Sql.of([new Param(value)]);

/**
 * A number written into the text (a LIMIT, a bucket's width): DuckDB plans a
 * LIMIT it can read (a top-N) better than a parameter. Finite numbers only.
 */
sql.number = (value: number): Sql => {
  if (!Number.isFinite(value)) throw new Error(`${value} is not a finite number`);
  return Sql.of([String(value)]);
};

/** Fragments one after the other, `separator` (trusted text) between them. */
sql.join = (fragments: readonly Sql[], separator: string): Sql =>
  Sql.of(fragments.flatMap((fragment, i) => (i === 0 ? [fragment] : [separator, fragment])));

/** Values as a comma-separated list of parameters (for IN (…) and VALUES (…)). */
sql.list = (values: readonly DuckDBValue[]): Sql =>
  sql.join(
    values.map((value) => sql.param(value)),
    ", ",
  );

/**
 * An ISO instant as the store's TIMESTAMP (UTC, without the zone): one
 * parameter, bound as text and cast.
 */
export function timestamp(iso: string): Sql {
  return sql`CAST(${iso.replace("Z", "")} AS TIMESTAMP)`;
}
