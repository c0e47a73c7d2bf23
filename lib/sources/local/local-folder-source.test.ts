import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveryDays, mayHoldRange } from "../delivery-window";
import { LocalFolderSource } from "./local-folder-source";

const ACCOUNT_DIR = "AWSLogs/o-abc123/111122223333";

function trailKey(region: string, day: string, hhmm: string, kind = "CloudTrail"): string {
  const [y, m, d] = day.split("-");
  return `${ACCOUNT_DIR}/${kind}/${region}/${y}/${m}/${d}/111122223333_${kind}_${region}_${y}${m}${d}T${hhmm}Z_abcdefghijklmnop.json.gz`;
}

let root: string;
const files = [
  trailKey("us-east-1", "2026-11-01", "2355"),
  trailKey("us-east-1", "2026-11-02", "0005"),
  trailKey("us-east-1", "2026-11-03", "1200"),
  trailKey("eu-west-1", "2026-11-04", "0010"),
  trailKey("eu-west-1", "2026-11-05", "0010"),
  trailKey("us-east-1", "2026-11-03", "1000", "CloudTrail-Insight"),
  `${ACCOUNT_DIR}/CloudTrail-Digest/us-east-1/2026/11/03/111122223333_CloudTrail-Digest_us-east-1_org_us-east-1_20261103T120000Z.json.gz`,
  "loose-export.json",
  "notes.txt",
  ".hidden.json",
  "partial/us-east-1/2026/11/03/x_CloudTrail_us-east-1_20261103T0100Z_aaaa.json.gz",
  "partial/us-east-1/2026/10/30/x_CloudTrail_us-east-1_20261030T0100Z_aaaa.json.gz",
];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "trailglass-local-"));
  for (const key of files) {
    await mkdir(path.dirname(path.join(root, key)), { recursive: true });
    await writeFile(path.join(root, key), "{}");
  }
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("delivery window", () => {
  it("reads the day after the range, because folders carry the delivery date", () => {
    expect(
      deliveryDays({ from: "2026-11-02T22:00:00.000Z", to: "2026-11-03T23:59:59.000Z" }),
    ).toEqual(["2026-11-02", "2026-11-03", "2026-11-04"]);
  });

  it("skips files delivered before the range started", () => {
    const range = { from: "2026-11-03T00:00:00.000Z", to: "2026-11-03T23:00:00.000Z" };
    expect(mayHoldRange("a_CloudTrail_us-east-1_20261102T2300Z_x.json.gz", range)).toBe(false);
    expect(mayHoldRange("a_CloudTrail_us-east-1_20261103T0005Z_x.json.gz", range)).toBe(true);
    expect(mayHoldRange("no-timestamp.json", range)).toBe(true);
  });
});

describe("LocalFolderSource", () => {
  it("lists only the day folders that can hold the range, plus undated files", async () => {
    const source = new LocalFolderSource(root);
    const plan = await source.planRange({
      from: "2026-11-03T00:00:00.000Z",
      to: "2026-11-03T23:59:59.000Z",
    });
    expect(plan.problems).toEqual([]);
    expect(plan.files.map((f) => f.key).sort()).toEqual(
      [
        trailKey("us-east-1", "2026-11-03", "1200"),
        trailKey("eu-west-1", "2026-11-04", "0010"), // next day: may hold late deliveries
        trailKey("us-east-1", "2026-11-03", "1000", "CloudTrail-Insight"),
        "loose-export.json",
        "partial/us-east-1/2026/11/03/x_CloudTrail_us-east-1_20261103T0100Z_aaaa.json.gz",
      ].sort(),
    );
  });

  it("never lists digest files, hidden files or non-trail files", async () => {
    const plan = await new LocalFolderSource(root).planRange({
      from: "2026-10-01T00:00:00.000Z",
      to: "2026-11-30T00:00:00.000Z",
    });
    const keys = plan.files.map((f) => f.key);
    expect(keys).toHaveLength(9);
    expect(keys.some((k) => k.includes("Digest"))).toBe(false);
    expect(keys).not.toContain("notes.txt");
    expect(keys).not.toContain(".hidden.json");
  });

  it("gives each file a version that changes with its content", async () => {
    const source = new LocalFolderSource(root);
    const range = { from: "2026-11-03T00:00:00.000Z", to: "2026-11-03T01:00:00.000Z" };
    const before = (await source.planRange(range)).files.find((f) => f.key === "loose-export.json");
    await writeFile(path.join(root, "loose-export.json"), '{"Records":[]}');
    const after = (await source.planRange(range)).files.find((f) => f.key === "loose-export.json");
    expect(before?.version).toBeDefined();
    expect(after?.version).not.toBe(before?.version);
  });

  it("reports an unreadable folder as a problem instead of failing", async () => {
    const plan = await new LocalFolderSource(path.join(root, "missing")).planRange({
      from: "2026-11-03T00:00:00.000Z",
      to: "2026-11-03T01:00:00.000Z",
    });
    expect(plan.files).toEqual([]);
    expect(plan.problems[0]).toMatchObject({ kind: "read-failed", file: "." });
    expect(plan.problems[0]?.message).toMatch(/cannot list folder/);
  });
});
