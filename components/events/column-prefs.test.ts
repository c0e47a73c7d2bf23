import { describe, expect, it, vi } from "vitest";
import { parseColumnPrefs } from "./column-prefs";

describe("parseColumnPrefs", () => {
  it("reads the shown columns and their widths", () => {
    expect(
      parseColumnPrefs(JSON.stringify({ visible: { region: false }, widths: { principal: 240 } })),
    ).toEqual({ visible: { region: false }, widths: { principal: 240 } });
  });

  it("reads the first format (a map of shown columns) as the columns shown", () => {
    expect(parseColumnPrefs(JSON.stringify({ region: false, userAgent: true }))).toEqual({
      visible: { region: false, userAgent: true },
      widths: {},
    });
  });

  it("keeps only values of the right kind, and the defaults for text that is not JSON", () => {
    expect(
      parseColumnPrefs(
        JSON.stringify({ visible: { a: "yes", b: true }, widths: { a: -5, b: 1e9, c: 120 } }),
      ),
    ).toEqual({ visible: { b: true }, widths: { c: 120 } });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(parseColumnPrefs("{not json")).toEqual({ visible: {}, widths: {} });
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });
});
