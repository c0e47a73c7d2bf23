import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ConcurrencyLimiter } from "../../lib/load/concurrency";

/**
 * A real S3-compatible HTTP server (s3rver in a child process) for
 * integration tests and benchmarks, and a client configured for it.
 */

export interface S3TestServer {
  endpoint: string;
  directory: string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export async function startS3Server(
  options: { directory?: string; port?: number } = {},
): Promise<S3TestServer> {
  const directory =
    options.directory ?? (await mkdtemp(path.join(os.tmpdir(), "trailglass-s3rver-")));
  const child = spawn(
    process.execPath,
    [
      "--openssl-legacy-provider",
      path.join(__dirname, "s3rver-main.cjs"),
      directory,
      String(options.port ?? 0),
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  exited.then(
    () => running.delete(child),
    () => undefined,
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once("exit", (code) => reject(new Error(`s3rver exited (${code}): ${stderr}`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    directory,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGKILL");
      await exited;
    },
  };
}

export function s3ClientFor(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    forcePathStyle: true,
    // Otherwise s3rver stores the aws-chunked framing of streamed uploads.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

export async function seedBucket(
  client: S3Client,
  bucket: string,
  files: Iterable<{ key: string; body: Uint8Array }>,
  options: { concurrency?: number } = {},
): Promise<number> {
  await client.send(new CreateBucketCommand({ Bucket: bucket })).catch((error: unknown) => {
    const name = (error as { name?: string }).name;
    if (name !== "BucketAlreadyOwnedByYou" && name !== "BucketAlreadyExists") throw error;
  });
  const limiter = new ConcurrencyLimiter(options.concurrency ?? 16);
  const uploads: Promise<unknown>[] = [];
  for (const file of files) {
    uploads.push(
      limiter.run(() =>
        client.send(new PutObjectCommand({ Bucket: bucket, Key: file.key, Body: file.body })),
      ),
    );
  }
  await Promise.all(uploads);
  return uploads.length;
}

async function* filesUnder(dir: string, base = dir): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full, base);
    else yield path.relative(base, full).split(path.sep).join("/");
  }
}

/** Uploads every file under `localDir` as `prefix + relative/path`. */
export async function uploadFolder(
  client: S3Client,
  bucket: string,
  localDir: string,
  prefix = "",
): Promise<number> {
  const files: { key: string; body: Uint8Array }[] = [];
  for await (const relative of filesUnder(localDir)) {
    files.push({
      key: `${prefix}${relative}`,
      body: await readFile(path.join(localDir, relative)),
    });
  }
  return seedBucket(client, bucket, files, { concurrency: 32 });
}
