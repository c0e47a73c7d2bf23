import { describe, expect, it } from "vitest";
import { cloudTrailDdl } from "./cloudtrail-ddl";
import { CLOUDTRAIL_COLUMNS } from "./cloudtrail-table";

describe("cloudTrailDdl", () => {
  const folders = [
    "org/AWSLogs/o-abc123def4/111122223333/CloudTrail/us-east-1/",
    "org/AWSLogs/o-abc123def4/111122223333/CloudTrail/eu-west-1/",
    "org/AWSLogs/o-abc123def4/444455556666/CloudTrail/us-east-1/",
  ];

  it("projects account, Region and day partitions over the bucket's log folders", () => {
    const ddl = cloudTrailDdl({
      database: "default",
      table: "cloudtrail_logs",
      bucket: "trail",
      folders,
    });
    expect(ddl).toMatch(/^CREATE EXTERNAL TABLE `default`\.`cloudtrail_logs` \(/);
    for (const c of CLOUDTRAIL_COLUMNS) expect(ddl).toContain(`  \`${c.name}\` ${c.type}`);
    expect(ddl).toContain("PARTITIONED BY (`account` STRING, `region` STRING, `timestamp` STRING)");
    expect(ddl).toContain("LOCATION 's3://trail/org/AWSLogs/o-abc123def4/'");
    expect(ddl).toContain("'projection.account.values' = '111122223333,444455556666'");
    expect(ddl).toContain("'projection.region.values' = 'eu-west-1,us-east-1'");
    expect(ddl).toContain(
      "'storage.location.template' = 's3://trail/org/AWSLogs/o-abc123def4/${account}/CloudTrail/${region}/${timestamp}'",
    );
    expect(ddl).toContain("'com.amazon.emr.cloudtrail.CloudTrailInputFormat'");
  });

  it("refuses a bucket without log folders, or with several AWSLogs roots", () => {
    expect(() => cloudTrailDdl({ database: "d", table: "t", bucket: "b", folders: [] })).toThrow(
      /no CloudTrail log folders/,
    );
    expect(() =>
      cloudTrailDdl({
        database: "d",
        table: "t",
        bucket: "b",
        folders: [
          "a/AWSLogs/111122223333/CloudTrail/us-east-1/",
          "b/AWSLogs/111122223333/CloudTrail/us-east-1/",
        ],
      }),
    ).toThrow(/several AWSLogs folders/);
  });
});
