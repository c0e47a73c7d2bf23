import { describe, expect, it } from "vitest";
import { parseAthenaSettings } from "./athena-settings";

describe("parseAthenaSettings", () => {
  it("reads the table, with the documented defaults", () => {
    expect(parseAthenaSettings("table=default.cloudtrail_logs")).toEqual({
      workgroup: "primary",
      database: "default",
      table: "cloudtrail_logs",
      outputLocation: null,
      partitions: ["account", "region", "timestamp"],
      source: null,
      region: null,
    });
  });

  it("reads every key", () => {
    const s = parseAthenaSettings(
      " workgroup=security ; table=Trails.Org_Trail; output=s3://athena-results/tg/; partitions=region,timestamp; source=s3://trail/org; region=eu-west-1",
    );
    expect(s).toMatchObject({
      workgroup: "security",
      database: "trails",
      table: "org_trail",
      outputLocation: "s3://athena-results/tg/",
      partitions: ["region", "timestamp"],
      source: "s3://trail/org",
      region: "eu-west-1",
    });
    expect(parseAthenaSettings("table=a.b;partitions=none").partitions).toEqual([]);
  });

  it("names what is wrong", () => {
    expect(() => parseAthenaSettings("workgroup=primary")).toThrow(
      /table= must name database.table/,
    );
    expect(() => parseAthenaSettings("table=a.b;color=red")).toThrow(/"color=red" is not one of/);
    expect(() => parseAthenaSettings("table=a.b;partitions=day")).toThrow(/partitions= takes/);
    expect(() => parseAthenaSettings("table=a.b;output=https://x")).toThrow(
      /output= must be an S3 URL/,
    );
    expect(() => parseAthenaSettings('table=a.b"c.d')).toThrow();
    expect(() => parseAthenaSettings("table=a.b;region=mars")).toThrow(/not an AWS Region/);
  });
});
