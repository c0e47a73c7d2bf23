import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clipText, eventIdOf, MAX_COLUMN_CHARS, MAX_RESOURCES } from "@/lib/cloudtrail/normalize";
import { parseConfig, readerOptionsOf } from "@/lib/config";
import { exportLines } from "@/lib/export/event-export";
import { LoadManager, type RangeLoadStatus } from "@/lib/load/load-manager";
import { emptyFilter } from "@/lib/query/event-query";
import { LocalFolderSource } from "@/lib/sources/local/local-folder-source";
import { openStore, type Store } from "@/lib/store/database";
import { EventWriter } from "@/lib/store/event-writer";
import { listProblems, type StoredProblem } from "@/lib/store/problems";
import { getEventById } from "@/lib/store/event-by-id";
import { queryEventPage } from "@/lib/store/query-events";
import { buildCorpus, CORPUS_RANGE, type Corpus, type Json } from "./hostile/corpus";

/**
 * The hostile corpus (test/hostile/corpus.ts) through the real path: a local folder
 * source, the load manager, the reader, the normalizer, the writer and the DuckDB store.
 * Every bad file is reported by name, every odd record is stored and reads back as it
 * was written, the load goes on past each of them, and the store stays queryable.
 *
 * The configured file limit is lowered to 256 MB (TRAILGLASS_MAX_FILE_MB=256) so that the
 * gzip bomb (~1 MB expanding to 1 GiB) is cut after 256 MB rather than the default 2 GiB;
 * the large file (200 MB of records) stays under it and loads whole.
 */

const MAX_FILE_MB = 256;
const LARGE_FILE_BYTES = 200 * 1000 * 1000;

let root = "";
let corpus: Corpus;
let store: Store;
let status: RangeLoadStatus;
let problems: StoredProblem[] = [];

const idOf = (record: Json) => eventIdOf(record);
/** A column's text: lone surrogates (not Unicode) become U+FFFD; the record keeps them. */
const wellFormed = (text: string) =>
  text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");

async function storedIds(): Promise<string[]> {
  const rows = await store.query<{ id: string }>("SELECT id FROM events");
  return rows.map((r) => r.id);
}

async function count(sql: string, params: string[] = []): Promise<number> {
  const rows = await store.query<{ n: string }>(`SELECT (${sql})::VARCHAR AS n`, params);
  return Number(rows[0]?.n);
}

function fileOf(slug: string) {
  const file = corpus.files.find((f) => f.key.includes(`_${slug}`));
  if (!file) throw new Error(`no corpus file ${slug}`);
  return file;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "trailglass-hostile-"));
  const config = parseConfig({ TRAILGLASS_MAX_FILE_MB: String(MAX_FILE_MB) });
  const readerOptions = readerOptionsOf(config);
  corpus = await buildCorpus(path.join(root, "trail"), {
    maxDecompressedBytes: readerOptions.maxDecompressedBytes!,
    largeFileBytes: LARGE_FILE_BYTES,
  });
  store = await openStore(path.join(root, "data"));
  // One file at a time: the files are read in the corpus's order, newest delivery first.
  const loads = new LoadManager(
    store,
    new EventWriter(store),
    [new LocalFolderSource(corpus.root)],
    {
      fileConcurrency: 1,
      readerOptions,
    },
  );
  status = loads.ensureRange(CORPUS_RANGE);
  await status.wait();
  const listed = await listProblems(store, 10_000);
  expect(listed.total).toBe(listed.problems.length);
  problems = listed.problems;
}, 240_000);

afterAll(async () => {
  store?.close();
  await rm(root, { recursive: true, force: true });
});

describe("the hostile corpus", () => {
  it("is what it claims: a bomb past the limit, a large file under it, good files around", () => {
    expect(corpus.sizes.bomb).toBeGreaterThan(MAX_FILE_MB * 1024 * 1024 * 4);
    expect(corpus.sizes.large).toBeGreaterThanOrEqual(LARGE_FILE_BYTES - 10_000);
    expect(corpus.sizes.large).toBeLessThan(MAX_FILE_MB * 1024 * 1024);
    expect(corpus.files.filter((f) => f.about === "a good file").length).toBeGreaterThanOrEqual(4);
    // The last file read is a good one, after every bad one.
    expect(corpus.files.at(-1)?.about).toBe("a good file");
  });
});

describe("loading the hostile corpus", () => {
  it("finishes with no load-level failure: every file was read to its end and registered", async () => {
    expect(status.complete).toBe(true);
    expect(status.problems).toEqual([]);
    const rows = await store.query<{ key: string; records: number }>(
      "SELECT key, records FROM loaded_files ORDER BY key",
    );
    expect(rows.map((r) => r.key).sort()).toEqual(corpus.files.map((f) => f.key).sort());
    for (const file of corpus.files) {
      const row = rows.find((r) => r.key === file.key);
      expect(row?.records, file.key).toBe(file.storedIds.length);
    }
  });

  it("stores every event it must, each exactly once", async () => {
    const ids = await storedIds();
    expect(ids.length).toBe(corpus.expectedIds.size);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(corpus.expectedIds);
    for (const file of corpus.files) {
      const origins = await count("SELECT count(*) FROM event_origins WHERE key = $1", [file.key]);
      expect(origins, file.key).toBe(file.storedIds.length);
    }
  });

  it("names each bad file in a problem of the kind it has, and no good file in any", () => {
    for (const file of corpus.files) {
      const errors = problems.filter((p) => p.file === file.key && p.severity === "error");
      expect([...new Set(errors.map((p) => p.kind))].sort(), `${file.about}: ${file.key}`).toEqual(
        [...file.errors].sort(),
      );
    }
    // Every problem belongs to a corpus file, by its key.
    const keys = new Set(corpus.files.map((f) => f.key));
    expect(problems.filter((p) => !keys.has(p.file))).toEqual([]);
  });

  it("says what is wrong with each bad file", () => {
    const messages = (slug: string) =>
      problems
        .filter((p) => p.file === fileOf(slug).key)
        .map((p) => p.message)
        .join("\n");
    expect(messages("notgzip")).toMatch(/neither gzip nor JSON/);
    expect(messages("truncatedgzip")).toMatch(/ends early/);
    expect(messages("gzipbomb")).toMatch(
      new RegExp(`more than ${MAX_FILE_MB * 1024 * 1024} bytes`),
    );
    expect(messages("invalidjson")).toMatch(/record 1 .* not valid JSON/);
    expect(messages("deepnesting")).toMatch(/record 1 .*nested deeper than/);
    expect(messages("deepnesting")).toMatch(/record 2 .*nested deeper than/);
    expect(messages("wrongtypes")).toMatch(
      /record 0 has an eventTime that is not a date of the years 1970 to 9999 \(1795000000\)/,
    );
    expect(messages("wrongtypes")).toMatch(/record 3 has an eventTime .*275760/);
    expect(messages("wrongtypes")).toMatch(/record 11 is a string, not a JSON object/);
    expect(messages("nulbytes")).toMatch(/record 1 .* not valid JSON/);
    expect(messages("emptygzip")).toMatch(/empty \(0 bytes\)/);
  });

  it("keeps every record of the files read after the bad ones", async () => {
    const ids = new Set(await storedIds());
    const last = corpus.files.slice(corpus.files.findIndex((f) => f.errors.length > 0));
    const goodAfterBad = last.filter((f) => f.about === "a good file");
    expect(goodAfterBad.length).toBeGreaterThanOrEqual(3);
    for (const file of goodAfterBad) {
      expect(
        file.storedIds.filter((id) => !ids.has(id)),
        file.key,
      ).toEqual([]);
    }
  });

  it("reads back every odd record exactly as it was written", async () => {
    for (const file of corpus.files) {
      for (const record of file.readBack) {
        const event = await getEventById(store, idOf(record));
        expect(event, `${file.about}: ${idOf(record)}`).not.toBeNull();
        expect(event!.raw).toEqual(record);
        expect(event!.origins.map((o) => o.key)).toContain(file.key);
        // Text fields keep their text, whatever it holds.
        for (const [field, column] of [
          ["eventName", event!.eventName],
          ["userAgent", event!.userAgent],
          ["errorMessage", event!.errorMessage],
          ["awsRegion", event!.region],
        ] as const) {
          const value = record[field];
          if (typeof value === "string" && value !== "")
            expect(column, field).toBe(wellFormed(clipText(value)));
        }
      }
    }
  });

  it("keeps HTML and script as plain text, the eventID included", async () => {
    const html = fileOf("htmlscript");
    expect(html.readBack.length).toBeGreaterThan(5);
    for (const record of html.readBack) {
      const event = await getEventById(store, String(record.eventID));
      expect(event?.id).toBe(record.eventID);
      expect(event?.eventName).toBe(String(record.eventID).replace(/#\d+$/, ""));
      expect(event?.principal).toBe(event?.eventName);
    }
    // The SQL-looking payload did not reach the SQL.
    expect(await count("SELECT count(*) FROM events")).toBe(corpus.expectedIds.size);
  });

  it("keeps 5 MB strings whole in the record and the start of them in the columns", async () => {
    const [huge, longId, manyResources] = fileOf("hugestrings").readBack as [Json, Json, Json];
    const event = await getEventById(store, String(huge.eventID));
    expect(event?.raw.userAgent).toBe(huge.userAgent);
    expect(event?.raw.errorMessage).toBe(huge.errorMessage);
    const agent = String(huge.userAgent);
    expect(event?.userAgent).toBe(
      `${agent.slice(0, MAX_COLUMN_CHARS)}… (${agent.length - MAX_COLUMN_CHARS} more characters in the record)`,
    );
    // Cut before a surrogate pair rather than through it.
    expect(event?.errorMessage?.startsWith(String(huge.errorMessage).slice(0, 2_000))).toBe(true);
    expect(event?.errorMessage).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);

    // A 1 MB eventID is kept under a hash of itself.
    const byLongId = await getEventById(store, eventIdOf(longId));
    expect(byLongId?.id).toMatch(/^h-[0-9a-f]{32}$/);
    expect(byLongId?.raw.eventID).toBe(longId.eventID);

    const resources = await getEventById(store, String(manyResources.eventID));
    expect(resources?.resources).toHaveLength(MAX_RESOURCES);
    expect(resources?.raw.resources).toEqual(manyResources.resources);
  });

  it("reads back NUL characters and lone surrogates where they were", async () => {
    const nul = fileOf("nulbytes").readBack[0]!;
    const withNul = await getEventById(store, String(nul.eventID));
    expect(withNul?.eventName).toBe("Get\u0000Object");
    expect(withNul?.userAgent).toBe("aws-cli\u0000/2.0");
    const [lone] = fileOf("badunicode").readBack as [Json];
    const withLone = await getEventById(store, String(lone.eventID));
    expect(withLone?.raw).toEqual(lone);
    expect(withLone?.userAgent).toBe("lone \ufffd high");
    expect(withLone?.eventName).toBe("\ufffdLow");
  });

  it("stores records of an unknown eventVersion with their unknown fields", async () => {
    const future = fileOf("futureversion").readBack[0]!;
    const event = await getEventById(store, String(future.eventID));
    expect(event?.eventVersion).toBe("99.0");
    expect(event?.raw.futureField).toEqual(future.futureField);
    expect(event?.principal).toBe("holo");
  });

  it("pages through every stored event, the odd ones included, without a failure", async () => {
    const filter = emptyFilter(CORPUS_RANGE);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await queryEventPage(store, filter, { limit: 2_000, cursor });
      seen.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen)).toEqual(corpus.expectedIds);
    expect(seen.length).toBe(corpus.expectedIds.size);
  });

  it("exports the formula records to CSV with every formula cell neutralized", async () => {
    let text = "";
    for await (const part of exportLines(store, emptyFilter(CORPUS_RANGE), "csv")) text += part;
    const rows = parse(text, { bom: true, columns: true, relax_column_count: false }) as Record<
      string,
      string
    >[];
    expect(rows.length).toBe(corpus.expectedIds.size);
    // No cell anywhere starts as a formula.
    const formulaStart = /^[=+\-@\t\r]/;
    const risky = rows.flatMap((row) =>
      Object.entries(row).filter(([, cell]) => formulaStart.test(cell)),
    );
    expect(risky).toEqual([]);
    expect(corpus.formulaRecords.length).toBe(6);
    for (const { record, payload } of corpus.formulaRecords) {
      const row = rows.find((r) => r.eventID === `'${String(record.eventID)}`);
      expect(row, payload).toBeDefined();
      for (const column of [
        "eventName",
        "eventSource",
        "principal",
        "principalType",
        "principalArn",
        "accessKeyId",
        "account",
        "region",
        "sourceIPAddress",
        "userAgent",
        "errorCode",
        "errorMessage",
        "requestID",
        "sharedEventID",
        "resources",
      ]) {
        expect(row![column], `${JSON.stringify(payload)} in ${column}`).toBe(`'${payload}`);
      }
    }
  });

  it("exports the formula records untouched to NDJSON, for tools", async () => {
    let text = "";
    for await (const part of exportLines(store, emptyFilter(CORPUS_RANGE), "ndjson")) text += part;
    const records = text
      .split("\n")
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Json);
    expect(records.length).toBe(corpus.expectedIds.size);
    for (const { record } of corpus.formulaRecords) {
      expect(records.find((r) => r.eventID === record.eventID)).toEqual(record);
    }
  });

  it("reads nothing again on the next load, and changes nothing", async () => {
    const before = await count("SELECT count(*) FROM events");
    const loads = new LoadManager(store, new EventWriter(store), [
      new LocalFolderSource(corpus.root),
    ]);
    const again = loads.ensureRange(CORPUS_RANGE);
    await again.wait();
    expect(again.problems).toEqual([]);
    expect(await count("SELECT count(*) FROM events")).toBe(before);
    expect((await listProblems(store, 10_000)).total).toBe(problems.length);
  });
});
