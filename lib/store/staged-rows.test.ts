import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normalizeRecord } from "@/lib/cloudtrail/normalize";
import { searchText } from "@/lib/cloudtrail/search-text";
import { makeRecord } from "@/test/support/reader-helpers";
import {
  EVENT_COLUMNS,
  FILE_COLUMNS,
  type FileRead,
  stagedEventLines,
  stagedLine,
  stagedSelectSql,
} from "./staged-rows";

/**
 * The staged text format against DuckDB's CSV reader: every value that goes
 * in comes out the same, whatever characters it holds (the format has no
 * quoting; values that could break it travel as JSON).
 */

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "trailglass-staged-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function fileRead(key: string, version: string, pack: string | null): FileRead {
  return {
    fileId: 7,
    kind: "local",
    source: "/trail",
    key,
    version,
    format: "records",
    records: 3,
    bytes: 100,
    complete: true,
    pack,
    packOffset: pack ? 12 : null,
    packLength: pack ? 88 : null,
    sha256: pack ? "ab".repeat(32) : null,
  };
}

async function select(text: string, sql: (file: string) => string) {
  const file = path.join(dir, `staged-${Math.random().toString(36).slice(2)}.tsv`);
  await writeFile(file, text);
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql(file))).getRowObjectsJson();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const roundTrip = (reads: FileRead[]) =>
  select(reads.map((r) => stagedLine(FILE_COLUMNS, r)).join(""), (file) =>
    stagedSelectSql(FILE_COLUMNS, [file]),
  );

describe("staged rows", () => {
  it("gives back every text as it went in: separators, line ends, markers, NUL, quotes", async () => {
    const tricky = [
      "plain",
      "",
      "with\u001ffield separator",
      "with\nnewline and\r\nCRLF",
      "\u0002starts like JSON",
      "\u0003",
      "NUL\u0000inside",
      'quote " and \\ backslash',
      "tab\there",
      "record\u001eseparator",
      "unicode é 漢字 😀",
    ];
    const rows = await roundTrip(tricky.map((key) => fileRead(key, key, "p-1.pack")));
    expect(rows.map((r) => r.key)).toEqual(tricky);
    expect(rows.map((r) => r.version)).toEqual(tricky);
  });

  it("tells NULL from an empty text, and keeps numbers and booleans", async () => {
    const [row] = await roundTrip([fileRead("", "v", null)]);
    expect(row).toMatchObject({
      file_id: 7,
      key: "",
      pack: null,
      pack_offset: null,
      records: 3,
      complete: true,
    });
  });

  it("replaces a lone surrogate, which DuckDB's JSON refuses, instead of failing the batch", async () => {
    const [row] = await roundTrip([fileRead("lone \ud800 and\ncontrol", "v", null)]);
    expect(row?.key).toBe("lone \ufffd and\ncontrol");
  });

  it("keeps lists whole: none, one empty item, items holding the separator", async () => {
    const origin = { kind: "local" as const, source: "/t", key: "a" };
    const resource = (arn: string | null, label: string) => ({
      arn,
      type: null,
      accountId: null,
      label,
    });
    const lists = [
      [],
      [resource(null, "")],
      [resource("arn:aws:s3:::a\u001eb", "a\u001eb"), resource("arn:aws:s3:::c", "c")],
    ];
    const rows = lists.map((resources, i) => ({
      row: { ...normalizeRecord(makeRecord(i), origin), resources },
      search: searchText(makeRecord(i)),
      // Not compared (Event history), and the largest 32-bit hash.
      contentHash: [null, 0, 2 ** 32 - 1][i]!,
      fileId: 1,
      recordIndex: i,
    }));
    const text = rows.map((r) => stagedEventLines(r).row).join("");
    const stored = await select(
      text,
      (file) =>
        `SELECT resource_names, search, content_hash::VARCHAR AS hash FROM (${stagedSelectSql(EVENT_COLUMNS, [file])})`,
    );
    expect(stored.map((r) => r.hash)).toEqual([null, "0", "4294967295"]);
    expect(stored.map((r) => r.resource_names)).toEqual([
      [],
      [""],
      ["arn:aws:s3:::a\u001eb", "arn:aws:s3:::c"],
    ]);
    // The search text is the lowercased values, one after the other.
    expect(String(stored[0]?.search)).toContain("s3.amazonaws.com\u001eputobject");
  });
});
