import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  MANIFEST_FILE,
  buildSampleTrail,
  ensureSampleTrail,
  ensureSampleTrailStatus,
  type SampleManifest,
} from "@/lib/sample";

let root = "";
let expected: SampleManifest;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "trailglass-ensure-"));
  expected = buildSampleTrail().manifest;
}, 120_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe("ensureSampleTrail", () => {
  it("generates once, tolerates concurrent callers and leaves foreign folders alone", async () => {
    const target = path.join(root, "ensured");
    const [x, y] = await Promise.all([ensureSampleTrail(target), ensureSampleTrail(target)]);
    expect(x).toEqual(expected);
    expect(y).toEqual(expected);
    expect((await readdir(root)).filter((n) => n.includes(".tmp-"))).toEqual([]);
    expect((await ensureSampleTrailStatus(target)).generated).toBe(false);
    const stale = { ...expected, generatorVersion: "0-old" };
    await writeFile(path.join(target, MANIFEST_FILE), JSON.stringify(stale));
    const again = await ensureSampleTrailStatus(target);
    expect(again.generated).toBe(true);
    expect(again.manifest).toEqual(expected);
    const foreign = path.join(root, "foreign");
    await mkdir(foreign);
    await writeFile(path.join(foreign, "notes.txt"), "mine");
    await expect(ensureSampleTrail(foreign)).rejects.toThrow(/not a sample trail/);
    expect(await readFile(path.join(foreign, "notes.txt"), "utf8")).toBe("mine");
  });
});
