import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";

/**
 * The bare cost of reading a trail folder, step by step, for comparison with
 * a real load: walking it (readdir + stat, as a loader must to plan), reading
 * every file into memory, then gunzip + JSON.parse on two threads (the work
 * split in two by bytes), which is what any loader has to do at least.
 */

export interface BareResult {
  walk: { seconds: number; files: number; bytes: number };
  read: { seconds: number };
  parse: { seconds: number; records: number; threads: number };
}

function walk(dir: string, files: string[]): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    // The log files only: digests are read beside them, a few thousand small files.
    if (entry.isDirectory()) {
      if (entry.name !== "CloudTrail-Digest") bytes += walk(full, files);
    } else {
      bytes += statSync(full).size;
      files.push(full);
    }
  }
  return bytes;
}

/** Plain JavaScript (no loader needed): counts the records of the files it is sent. */
const PARSER = `
const { parentPort } = require("node:worker_threads");
const { gunzipSync } = require("node:zlib");
parentPort.once("message", ({ data, offsets }) => {
  const bytes = new Uint8Array(data);
  const started = performance.now();
  let records = 0;
  for (let i = 0; i + 1 < offsets.length; i++) {
    const text = gunzipSync(bytes.subarray(offsets[i], offsets[i + 1])).toString("utf8");
    records += JSON.parse(text).Records.length;
  }
  parentPort.postMessage({ records, ms: performance.now() - started });
});
parentPort.postMessage("ready");
`;

/** One thread's share: the files' bytes end to end, and where each starts. */
function pack(bodies: Buffer[]): { data: ArrayBuffer; offsets: Float64Array } {
  const offsets = new Float64Array(bodies.length + 1);
  for (let i = 0; i < bodies.length; i++) offsets[i + 1] = offsets[i]! + bodies[i]!.length;
  const data = new ArrayBuffer(offsets[bodies.length]!);
  const view = new Uint8Array(data);
  bodies.forEach((body, i) => view.set(body, offsets[i]!));
  return { data, offsets };
}

async function parseOnThreads(
  bodies: Buffer[],
  threads: number,
): Promise<{ seconds: number; records: number }> {
  const total = bodies.reduce((n, b) => n + b.length, 0);
  const shares: Buffer[][] = Array.from({ length: threads }, () => []);
  let seen = 0;
  for (const body of bodies) {
    shares[Math.min(threads - 1, Math.floor((seen / total) * threads))]!.push(body);
    seen += body.length;
  }
  const workers = shares.map(() => new Worker(PARSER, { eval: true }));
  try {
    // Started and packed before the clock starts: only the parsing is timed.
    await Promise.all(workers.map((w) => new Promise((r) => w.once("message", r))));
    const packed = shares.map(pack);
    const started = performance.now();
    const results = await Promise.all(
      workers.map(
        (w, i) =>
          new Promise<{ records: number }>((resolve, reject) => {
            w.once("message", resolve);
            w.once("error", reject);
            w.postMessage(packed[i], [packed[i]!.data]);
          }),
      ),
    );
    return {
      seconds: (performance.now() - started) / 1000,
      records: results.reduce((n, r) => n + r.records, 0),
    };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

export async function measureBareReading(trail: string, threads = 2): Promise<BareResult> {
  let started = performance.now();
  const files: string[] = [];
  const bytes = walk(trail, files);
  const walkSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  const bodies = files.map((f) => readFileSync(f));
  const readSeconds = (performance.now() - started) / 1000;

  const parse = await parseOnThreads(bodies, threads);
  return {
    walk: { seconds: walkSeconds, files: files.length, bytes },
    read: { seconds: readSeconds },
    parse: { ...parse, threads },
  };
}
