import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { isSql, sql, timestamp } from "./sql";

describe("sql", () => {
  it("binds interpolated values as parameters, numbered in order", () => {
    const q = sql`SELECT id FROM events WHERE region = ${"us-east-1"} AND read_only = ${false}`;
    expect(q.text).toBe("SELECT id FROM events WHERE region = $1 AND read_only = $2");
    expect(q.params).toEqual(["us-east-1", false]);
  });

  it("inlines fragments and numbers their parameters in the statement's order", () => {
    const a = sql`a = ${1}`;
    const b = sql`b = ${2} AND c = ${3}`;
    const q = sql`SELECT * FROM t WHERE ${b} AND ${a} LIMIT ${sql.number(5)}`;
    expect(q.text).toBe("SELECT * FROM t WHERE b = $1 AND c = $2 AND a = $3 LIMIT 5");
    expect(q.params).toEqual([2, 3, 1]);
    // A fragment alone numbers from $1.
    expect(a.text).toBe("a = $1");
  });

  it("binds a parameter used in several places once", () => {
    const t = timestamp("2026-04-01T00:00:00.000Z");
    const id = sql.param("e-1");
    const q = sql`(time < ${t} OR (time = ${t} AND id < ${id}))`;
    expect(q.text).toBe(
      "(time < CAST($1 AS TIMESTAMP) OR (time = CAST($1 AS TIMESTAMP) AND id < $2))",
    );
    expect(q.params).toEqual(["2026-04-01T00:00:00.000", "e-1"]);
  });

  it("joins fragments and lists values", () => {
    const clauses = [sql`x = ${1}`, sql.raw("y IS NULL"), sql`z = ${2}`];
    const q = sql`${sql.join(clauses, " AND ")} AND w IN (${sql.list(["p", "q"])})`;
    expect(q.text).toBe("x = $1 AND y IS NULL AND z = $2 AND w IN ($3, $4)");
    expect(q.params).toEqual([1, 2, "p", "q"]);
    expect(sql.join([], " AND ").text).toBe("");
    expect(sql`a${sql.empty}b`.text).toBe("ab");
  });

  it("never inlines a value as text", () => {
    const hostile = "x'); DROP TABLE events; --";
    const q = sql`SELECT 1 WHERE a = ${hostile}`;
    expect(q.text).toBe("SELECT 1 WHERE a = $1");
    expect(q.params).toEqual([hostile]);
  });

  it("writes only finite numbers into the text", () => {
    expect(sql.number(1001).text).toBe("1001");
    expect(() => sql.number(Number.NaN)).toThrow();
    expect(() => sql.number(Infinity)).toThrow();
  });

  it("refuses to lose its parameters in a plain template string", () => {
    const q = sql`a = ${1}`;
    expect(() => `${String(q)}`).toThrow(/sql`/);
  });

  it("is the only place the store's modules number parameters", () => {
    const dir = path.dirname(fileURLToPath(import.meta.url));
    const modules = readdirSync(dir).filter(
      (f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "sql.ts",
    );
    expect(modules.length).toBeGreaterThan(10);
    for (const file of modules) {
      // `$${…}` (a number counted in a template) or `$1 `, `$2::BIGINT`… (one written by hand).
      expect(readFileSync(path.join(dir, file), "utf8"), file).not.toMatch(
        /\$\$\{|\$\d+(?=[\s,):`"]|::)/,
      );
    }
  });
});

describe("fragments made by another copy of the module", () => {
  it("are fragments here too (Next bundles the module more than once)", async () => {
    vi.resetModules();
    const other = await import("./sql");
    expect(other.sql).not.toBe(sql);
    const condition = other.sql`account = ${"111122223333"}`;
    expect(isSql(condition)).toBe(true);
    const statement = sql`SELECT id FROM events WHERE ${condition} AND region = ${"eu-west-1"}`;
    expect(statement.text).toBe("SELECT id FROM events WHERE account = $1 AND region = $2");
    expect(statement.params).toEqual(["111122223333", "eu-west-1"]);
  });
});
