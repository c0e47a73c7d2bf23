import { describe, expect, it } from "vitest";
import { ServerPathLabels } from "./server-path-labels";

describe("server paths, as roles other than analyst see them", () => {
  const labels = new ServerPathLabels([
    "/srv/audit/trail",
    "/srv/audit/trail/extra",
    "/var/lib/trailglass",
    "relative/ignored",
    "/",
  ]);

  it.each([
    ["/srv/audit/trail", "trail"],
    ["/srv/audit/trail/extra", "extra"],
    ["/srv/audit/trail/AWSLogs/x.json.gz", "trail/AWSLogs/x.json.gz"],
    [
      "cannot list folder: EACCES: permission denied, scandir '/srv/audit/trail/AWSLogs'",
      "cannot list folder: EACCES: permission denied, scandir 'trail/AWSLogs'",
    ],
    [
      "/srv/audit/trail: files delivered 2026-11-04 to 2026-11-05",
      "trail: files delivered 2026-11-04 to 2026-11-05",
    ],
    ["x.gz is not in /srv/audit/trail: deleted", "x.gz is not in trail: deleted"],
    ["/var/lib/trailglass/packs/1.pack", "trailglass/packs/1.pack"],
    // Not one of the paths, only a name that starts like one.
    ["/srv/audit/trail2", "/srv/audit/trail2"],
    ["s3://my-trail-bucket/prefix", "s3://my-trail-bucket/prefix"],
    ["lookup:us-east-1", "lookup:us-east-1"],
    ["relative/ignored", "relative/ignored"],
  ])("%s -> %s", (text, expected) => {
    expect(labels.label(text)).toBe(expected);
  });

  it("labels every string of JSON data, and leaves the rest as it was", () => {
    const problems = [
      {
        source: "/srv/audit/trail",
        file: ".",
        recordIndex: null,
        message: "cannot list folder: ENOENT, scandir '/srv/audit/trail/2026'",
        counts: [1, true, null],
      },
    ];
    expect(labels.labelAll(problems)).toEqual([
      {
        source: "trail",
        file: ".",
        recordIndex: null,
        message: "cannot list folder: ENOENT, scandir 'trail/2026'",
        counts: [1, true, null],
      },
    ]);
    expect(problems[0]!.source).toBe("/srv/audit/trail");
  });

  it("without paths, changes nothing", () => {
    expect(new ServerPathLabels([]).label("/srv/audit/trail")).toBe("/srv/audit/trail");
  });
});
