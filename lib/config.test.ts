import { describe, expect, it } from "vitest";
import { parseConfig } from "./config";

describe("parseConfig", () => {
  it("shows the sample only when nothing is configured, unless told otherwise", () => {
    expect(parseConfig({}).useSample).toBe(true);
    expect(parseConfig({ TRAILGLASS_LOOKUP_REGIONS: "us-east-1" }).useSample).toBe(false);
    expect(
      parseConfig({ TRAILGLASS_LOOKUP_REGIONS: "us-east-1", TRAILGLASS_SAMPLE: "on" }).useSample,
    ).toBe(true);
    expect(parseConfig({ TRAILGLASS_SAMPLE: "off" }).useSample).toBe(false);
  });

  it("names the variable of a bad value", () => {
    expect(() => parseConfig({ TRAILGLASS_SAMPLE: "yes" })).toThrow(
      /TRAILGLASS_SAMPLE: must be auto, on or off/,
    );
    expect(() => parseConfig({ TRAILGLASS_STORE_MEMORY: "lots" })).toThrow(
      /TRAILGLASS_STORE_MEMORY/,
    );
    expect(() => parseConfig({ TRAILGLASS_STORE_THREADS: "-1" })).toThrow(
      /TRAILGLASS_STORE_THREADS: must be an integer from 0, got "-1"/,
    );
  });

  it("runs store queries on one thread each unless told otherwise (0: one per core)", () => {
    expect(parseConfig({}).TRAILGLASS_STORE_THREADS).toBe(1);
    expect(parseConfig({ TRAILGLASS_STORE_THREADS: "" }).TRAILGLASS_STORE_THREADS).toBe(1);
    expect(parseConfig({ TRAILGLASS_STORE_THREADS: "0" }).TRAILGLASS_STORE_THREADS).toBe(0);
    expect(parseConfig({ TRAILGLASS_STORE_THREADS: "4" }).TRAILGLASS_STORE_THREADS).toBe(4);
  });
});
