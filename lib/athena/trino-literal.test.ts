import { describe, expect, it } from "vitest";
import { trinoIdentifier, trinoString, trinoStrings } from "./trino-literal";

describe("trinoString", () => {
  it("doubles quotes, and nothing else is special", () => {
    expect(trinoString("alice")).toBe("'alice'");
    expect(trinoString("x' OR '1'='1")).toBe("'x'' OR ''1''=''1'");
    expect(trinoString("\\'; DROP TABLE t; --")).toBe("'\\''; DROP TABLE t; --'");
    expect(trinoString("")).toBe("''");
    expect(trinoString("line\nbreak ☃")).toBe("'line\nbreak ☃'");
  });

  it("keeps every value one literal: an odd number of quotes never leaks out", () => {
    for (const value of ["'", "''", "a'b'c", "'''", "x'--"]) {
      const literal = trinoString(value);
      const inner = literal.slice(1, -1);
      expect(literal.startsWith("'") && literal.endsWith("'")).toBe(true);
      // Inside, quotes come only in pairs.
      expect(inner.replace(/''/g, "")).not.toContain("'");
      expect(inner.replace(/''/g, "'")).toBe(value);
    }
  });

  it("refuses NUL, which Athena refuses in a query", () => {
    expect(() => trinoString("a\u0000b")).toThrow(/NUL/);
  });

  it("lists literals for IN (...)", () => {
    expect(trinoStrings(["a", "b'c"])).toBe("'a', 'b''c'");
  });
});

describe("trinoIdentifier", () => {
  it("quotes names from the configuration and refuses anything else", () => {
    expect(trinoIdentifier("CloudTrail_Logs")).toBe('"cloudtrail_logs"');
    expect(() => trinoIdentifier('x" OR 1=1')).toThrow(/not an Athena/);
    expect(() => trinoIdentifier("a.b")).toThrow(/not an Athena/);
  });
});
