import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "./database";
import { SCHEMA_VERSION } from "./schema";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe("openStore", () => {
  it("keeps a store of its own version and rebuilds one of another", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "trailglass-store-"));
    dirs.push(dir);
    const first = await openStore(dir);
    await first.write((c) =>
      c.run(
        `INSERT INTO files VALUES (1, 'local', 'src', 'a.json', 'v1', 'records', 1, 10, true,
           false, NULL, NULL, NULL, now()::TIMESTAMP, NULL)`,
      ),
    );
    first.close();

    const same = await openStore(dir);
    expect(await same.query("SELECT key FROM loaded_files")).toEqual([{ key: "a.json" }]);
    await same.write((c) =>
      c.run("UPDATE store_meta SET value = '0' WHERE key = 'schema_version'"),
    );
    same.close();

    const rebuilt = await openStore(dir);
    try {
      expect(await rebuilt.query("SELECT key FROM loaded_files")).toEqual([]);
      expect(await rebuilt.query("SELECT value FROM store_meta")).toEqual([
        { value: String(SCHEMA_VERSION) },
      ]);
    } finally {
      rebuilt.close();
    }
  });
});
