import {
  CreateBucketCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdir, mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import type { Socket } from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * A real S3-compatible HTTP server for integration tests and benchmarks:
 * s3rver 3.7.1 in a child Node process, and an AWS SDK client configured for it.
 *
 * Two s3rver bugs are handled here:
 * - truncated ListObjectsV2 answered 500 (its continuation token uses single-DES,
 *   refused by OpenSSL 3): the child runs with `--openssl-legacy-provider`;
 * - CommonPrefixes missed prefixes whose objects sit more than one level below
 *   the Prefix: fixed by patches/s3rver+3.7.1.patch (patch-package, postinstall).
 */

export interface S3TestServer {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  /** Where s3rver keeps its buckets (a temp directory unless one was given). */
  directory: string;
  /** Kills the server (SIGKILL) and waits for it to exit; idempotent. A temp
   * directory created by `startS3Server` is removed. */
  stop(): Promise<void>;
}

export interface S3File {
  key: string;
  body: Uint8Array;
  /** User metadata (`x-amz-meta-*`), e.g. a digest's `signature`. */
  metadata?: Record<string, string>;
}

const MAIN = path.join(__dirname, "s3rver-main.mjs");
const STARTUP_TIMEOUT_MS = 30_000;

const running = new Set<ChildProcess>();
/** Temp directories created here and not yet removed by `stop()`. */
const tempDirectories = new Set<string>();
let exitHookInstalled = false;

function killAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of running) child.kill("SIGKILL");
    for (const dir of tempDirectories) rmSync(dir, { recursive: true, force: true });
  });
}

function readPort(child: ChildProcess, stderr: () => string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`s3rver did not start within ${STARTUP_TIMEOUT_MS} ms: ${stderr()}`));
    }, STARTUP_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split("\n").find((l) => l.startsWith("{") && l.endsWith("}"));
      if (!line) return;
      cleanup();
      resolve((JSON.parse(line) as { port: number }).port);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      cleanup();
      reject(new Error(`s3rver exited (${code ?? signal}) before listening: ${stderr()}`));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    function cleanup() {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      child.off("error", onError);
    }
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
    child.once("error", onError);
  });
}

/** Waits until the server answers an HTTP request. */
async function waitUntilServing(endpoint: string, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    try {
      // Any HTTP answer means it accepts requests.
      await (await fetch(`${endpoint}/`)).arrayBuffer();
      return;
    } catch (error) {
      if (!alive() || Date.now() > deadline)
        throw new Error(`s3rver at ${endpoint} does not answer`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/**
 * Starts s3rver on 127.0.0.1 (a free port unless `port` is given) over
 * `directory` (a new temp directory unless given) and resolves once it answers.
 */
export async function startS3Server(
  options: { directory?: string; port?: number } = {},
): Promise<S3TestServer> {
  const ownDirectory = options.directory === undefined;
  const directory =
    options.directory ?? (await mkdtemp(path.join(os.tmpdir(), "trailglass-s3rver-")));
  if (ownDirectory) tempDirectories.add(directory);
  // s3rver answers 500 to ListBuckets until its directory exists.
  else await mkdir(directory, { recursive: true });
  killAllOnExit();
  const child = spawn(
    process.execPath,
    ["--openssl-legacy-provider", MAIN, directory, String(options.port ?? 0)],
    // stdin stays open: the child exits when it closes (parent gone).
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  running.add(child);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  }).finally(() => running.delete(child));
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    if (stderr.length < 20_000) stderr += chunk.toString();
  });
  child.stdin?.on("error", () => undefined);
  // A forgotten server must not keep the parent alive: its 'exit' hook kills it.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    (stream as Partial<Socket> | null)?.unref?.();
  }

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
      child.stdin?.destroy();
      child.stdout?.destroy();
      child.stderr?.destroy();
      if (ownDirectory) {
        await rm(directory, { recursive: true, force: true });
        tempDirectories.delete(directory);
      }
    })();
    return stopped;
  };

  try {
    const port = await readPort(child, () => stderr);
    const endpoint = `http://127.0.0.1:${port}`;
    await waitUntilServing(endpoint, () => child.exitCode === null && child.signalCode === null);
    return { endpoint, directory, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** An S3 client for s3rver: path-style, dummy credentials, no flexible checksums
 * (otherwise s3rver stores the aws-chunked framing of streamed uploads). */
export function s3ClientFor(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

async function ensureBucket(client: S3Client, bucket: string): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    return;
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status !== 404) throw error;
  }
  await client.send(new CreateBucketCommand({ Bucket: bucket })).catch((error: unknown) => {
    const name = (error as { name?: string }).name;
    // Created meanwhile by a concurrent caller.
    if (name !== "BucketAlreadyOwnedByYou" && name !== "BucketAlreadyExists") throw error;
  });
}

/**
 * Creates `bucket` if missing and uploads `files` with at most `concurrency`
 * (default 16) PUTs in flight, pulling from `files` only as fast as uploads
 * finish. Resolves to the number of objects uploaded.
 */
export async function seedBucket(
  client: S3Client,
  bucket: string,
  files: AsyncIterable<S3File> | Iterable<S3File>,
  options: { concurrency?: number } = {},
): Promise<number> {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 16));
  await ensureBucket(client, bucket);
  const iterator: AsyncIterator<S3File> | Iterator<S3File> =
    Symbol.asyncIterator in files
      ? files[Symbol.asyncIterator]()
      : (files as Iterable<S3File>)[Symbol.iterator]();
  let count = 0;
  let failed = false;
  let pulling = Promise.resolve();
  // One `next()` at a time: sync and async iterators alike.
  const pull = (): Promise<IteratorResult<S3File>> => {
    const result = pulling.then(() => iterator.next());
    pulling = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  };
  const worker = async () => {
    while (!failed) {
      const next = await pull();
      if (next.done) return;
      const { key, body, metadata } = next.value;
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, Metadata: metadata }),
      );
      count += 1;
    }
  };
  const results = await Promise.allSettled(
    Array.from({ length: concurrency }, () =>
      worker().catch((error: unknown) => {
        failed = true;
        throw error;
      }),
    ),
  );
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (rejected) {
    await iterator.return?.();
    throw rejected.reason;
  }
  return count;
}

async function* filesUnder(dir: string, base = dir): AsyncGenerator<string> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full, base);
    else if (entry.isFile()) yield path.relative(base, full).split(path.sep).join("/");
  }
}

/**
 * Uploads every file under `localDir` (dotfiles included) as
 * `prefix + relative/path`, reading files only as they are uploaded.
 * Resolves to the number of objects uploaded.
 */
export async function uploadFolder(
  client: S3Client,
  bucket: string,
  localDir: string,
  prefix = "",
  options: { concurrency?: number } = {},
): Promise<number> {
  async function* files(): AsyncGenerator<S3File> {
    for await (const relative of filesUnder(localDir)) {
      yield { key: `${prefix}${relative}`, body: await readFile(path.join(localDir, relative)) };
    }
  }
  return seedBucket(client, bucket, files(), options);
}
