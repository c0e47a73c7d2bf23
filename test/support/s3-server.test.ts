import {
  GetObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  type S3Client,
} from "@aws-sdk/client-s3";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  s3ClientFor,
  seedBucket,
  startS3Server,
  uploadFolder,
  type S3TestServer,
} from "./s3-server";

/** The harness itself: a real s3rver over HTTP, with its two known bugs handled. */

let server: S3TestServer;
let client: S3Client;

beforeAll(async () => {
  server = await startS3Server();
  client = s3ClientFor(server.endpoint);
});

afterAll(async () => {
  client?.destroy();
  await server?.stop();
});

async function listAll(
  bucket: string,
  params: { Prefix?: string; Delimiter?: string; MaxKeys?: number } = {},
): Promise<ListObjectsV2CommandOutput[]> {
  const pages: ListObjectsV2CommandOutput[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token, ...params }),
    );
    pages.push(page);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
    if (page.IsTruncated) expect(token).toBeTruthy();
  } while (token && pages.length < 100);
  return pages;
}

describe("startS3Server", () => {
  it("starts a server that answers S3 requests and stops it", async () => {
    const own = await startS3Server();
    const ownClient = s3ClientFor(own.endpoint);
    try {
      expect(own.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(own.endpoint).not.toBe(server.endpoint);
      expect(existsSync(own.directory)).toBe(true);
      await seedBucket(ownClient, "lifecycle", [{ key: "a", body: new Uint8Array([1]) }]);
      const buckets = await ownClient.send(new ListBucketsCommand({}));
      expect(buckets.Buckets?.map((b) => b.Name)).toEqual(["lifecycle"]);
    } finally {
      await own.stop();
    }
    await own.stop(); // idempotent
    // The port is closed and the temp directory it created is gone.
    await expect(fetch(`${own.endpoint}/`)).rejects.toThrow();
    expect(existsSync(own.directory)).toBe(false);
    ownClient.destroy();
  });

  it("keeps a given directory, so a restarted server sees the same objects", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "trailglass-s3-harness-"));
    try {
      const first = await startS3Server({ directory: dir });
      const port = Number(new URL(first.endpoint).port);
      const firstClient = s3ClientFor(first.endpoint);
      await seedBucket(firstClient, "kept", [{ key: "k", body: Buffer.from("kept body") }]);
      firstClient.destroy();
      await first.stop();
      expect(existsSync(dir)).toBe(true);

      const second = await startS3Server({ directory: dir, port });
      const secondClient = s3ClientFor(second.endpoint);
      try {
        expect(second.endpoint).toBe(first.endpoint);
        const got = await secondClient.send(new GetObjectCommand({ Bucket: "kept", Key: "k" }));
        expect(await got.Body!.transformToString()).toBe("kept body");
      } finally {
        secondClient.destroy();
        await second.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("objects", () => {
  it("round-trips a gzip body byte for byte", async () => {
    const text = JSON.stringify({
      Records: Array.from({ length: 2_000 }, (_, i) => ({
        eventID: randomBytes(16).toString("hex"),
        eventName: i % 2 ? "GetObject" : "AssumeRole",
      })),
    });
    const gz = gzipSync(text);
    await seedBucket(client, "roundtrip", [{ key: "AWSLogs/x.json.gz", body: gz }]);
    const got = await client.send(
      new GetObjectCommand({ Bucket: "roundtrip", Key: "AWSLogs/x.json.gz" }),
    );
    const bytes = await got.Body!.transformToByteArray();
    expect(bytes.length).toBe(gz.length);
    expect(Buffer.compare(Buffer.from(bytes), gz)).toBe(0);
    expect(gunzipSync(bytes).toString()).toBe(text);
    expect(got.ContentLength).toBe(gz.length);
  });

  it("seedBucket takes an async iterable into an existing bucket and counts uploads", async () => {
    async function* files() {
      for (let i = 0; i < 40; i++) yield { key: `a/${i}`, body: Buffer.from(`body ${i}`) };
    }
    expect(await seedBucket(client, "seeded", [{ key: "first", body: Buffer.from("1") }])).toBe(1);
    expect(await seedBucket(client, "seeded", files(), { concurrency: 3 })).toBe(40);
    const keys = (await listAll("seeded")).flatMap((p) => p.Contents?.map((c) => c.Key) ?? []);
    expect(keys).toHaveLength(41);
    const got = await client.send(new GetObjectCommand({ Bucket: "seeded", Key: "a/39" }));
    expect(await got.Body!.transformToString()).toBe("body 39");
  });

  it("uploadFolder uploads every file, dotfiles included, under the prefix", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "trailglass-upload-"));
    try {
      await mkdir(path.join(dir, "nested", "deeper"), { recursive: true });
      await writeFile(path.join(dir, ".manifest.json"), "{}");
      await writeFile(path.join(dir, "top.txt"), "top");
      await writeFile(path.join(dir, "nested", "deeper", "leaf.json.gz"), gzipSync("leaf"));
      expect(await uploadFolder(client, "folder", dir, "pre/fix/")).toBe(3);
      const keys = (await listAll("folder")).flatMap((p) => p.Contents?.map((c) => c.Key) ?? []);
      expect(keys.sort()).toEqual([
        "pre/fix/.manifest.json",
        "pre/fix/nested/deeper/leaf.json.gz",
        "pre/fix/top.txt",
      ]);
      const leaf = await client.send(
        new GetObjectCommand({ Bucket: "folder", Key: "pre/fix/nested/deeper/leaf.json.gz" }),
      );
      expect(gunzipSync(await leaf.Body!.transformToByteArray()).toString()).toBe("leaf");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("ListObjectsV2", () => {
  // s3rver bug 1: truncated listings answered 500 (single-DES continuation token).
  it("paginates 2,500 keys with MaxKeys 1000 to exactly those keys", async () => {
    const expected = Array.from(
      { length: 2_500 },
      (_, i) => `AWSLogs/${i % 2 ? "a" : "b"}/${String(i).padStart(5, "0")}.json.gz`,
    ).sort();
    async function* files() {
      for (const key of expected) yield { key, body: Buffer.from(key) };
    }
    expect(await seedBucket(client, "many", files(), { concurrency: 32 })).toBe(2_500);

    const pages = await listAll("many", { MaxKeys: 1000 });
    expect(pages.map((p) => p.KeyCount)).toEqual([1000, 1000, 500]);
    expect(pages.map((p) => p.IsTruncated)).toEqual([true, true, false]);
    const keys = pages.flatMap((p) => p.Contents?.map((c) => c.Key) ?? []);
    expect(keys).toHaveLength(2_500);
    expect(new Set(keys).size).toBe(2_500);
    expect(keys).toEqual(expected);
  }, 180_000); // s3rver takes ~100-150 PUTs/s

  // s3rver bug 2: prefixes whose objects sit more than one level down were lost.
  it("returns CommonPrefixes for objects several levels below the prefix", async () => {
    const keys = [
      "AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/02/x.json.gz",
      "AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/03/y.json.gz",
      "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/02/d.json.gz",
      "AWSLogs/o-abc/444455556666/CloudTrail/eu-west-1/2026/11/02/z.json.gz",
      "AWSLogs/o-abc/555566667777/CloudTrail/eu-west-1/2026/11/02/w.json.gz",
      "AWSLogs/readme.txt",
    ];
    await seedBucket(
      client,
      "prefixes",
      keys.map((key) => ({ key, body: Buffer.from(key) })),
    );

    const [top] = await listAll("prefixes", { Prefix: "AWSLogs/", Delimiter: "/" });
    expect(top?.CommonPrefixes?.map((p) => p.Prefix)).toEqual([
      "AWSLogs/111122223333/",
      "AWSLogs/o-abc/",
    ]);
    expect(top?.Contents?.map((c) => c.Key)).toEqual(["AWSLogs/readme.txt"]);

    const [org] = await listAll("prefixes", { Prefix: "AWSLogs/o-abc/", Delimiter: "/" });
    expect(org?.CommonPrefixes?.map((p) => p.Prefix)).toEqual([
      "AWSLogs/o-abc/444455556666/",
      "AWSLogs/o-abc/555566667777/",
    ]);
    expect(org?.Contents ?? []).toEqual([]);

    const [account] = await listAll("prefixes", {
      Prefix: "AWSLogs/111122223333/",
      Delimiter: "/",
    });
    expect(account?.CommonPrefixes?.map((p) => p.Prefix)).toEqual([
      "AWSLogs/111122223333/CloudTrail-Digest/",
      "AWSLogs/111122223333/CloudTrail/",
    ]);

    const [root] = await listAll("prefixes", { Delimiter: "/" });
    expect(root?.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["AWSLogs/"]);

    // Without a delimiter every key under the prefix is listed.
    const all = await listAll("prefixes", { Prefix: "AWSLogs/o-abc/" });
    expect(all.flatMap((p) => p.Contents?.map((c) => c.Key) ?? [])).toEqual([
      "AWSLogs/o-abc/444455556666/CloudTrail/eu-west-1/2026/11/02/z.json.gz",
      "AWSLogs/o-abc/555566667777/CloudTrail/eu-west-1/2026/11/02/w.json.gz",
    ]);
  });
});
