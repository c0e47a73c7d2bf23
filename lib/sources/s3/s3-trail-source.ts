import {
  GetObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { Problem } from "../../cloudtrail/problem-schema";
import type { S3Location } from "../../config";
import type { TimeRange } from "../../query/event-query";
import type { LoadScope } from "../source-types";
import { isDigestKey } from "../../reader";
import { mayHoldRange } from "../delivery-window";
import type { DigestRef, FilePlan, TrailFileRef, TrailFileSource } from "../source-types";
import { describeAwsError } from "../aws-errors";
import {
  EVENT_FOLDERS,
  dayPrefixes,
  inPartitionScope,
  isAccountFolder,
  isOrganizationFolder,
  isRegionFolder,
  joinKey,
  lastSegment,
} from "./s3-layout";
import { objectBody, type ObjectBodyOptions } from "./s3-object-body";

/**
 * A trail bucket (or a prefix of one). For a range it lists only the day
 * partitions that can hold it: accounts (organization trails included) and
 * Regions are discovered with delimiter listings and remembered for a while,
 * so LIST calls grow with accounts x Regions x days, not with the bucket.
 * A prefix that is not a trail layout is listed whole and filtered by name.
 */

const TRAIL_FILE = /\.(json|jsonl|ndjson|log)(\.gz)?$|\.gz$/i;

/** A digest, not a file beside one (a copy's `.sig`, say). */
const isDigestObject = (key: string) => TRAIL_FILE.test(key) && isDigestKey(key);

export interface S3SourceOptions {
  /** How long discovered accounts and Regions are trusted. */
  layoutTtlMs?: number;
  relistAfterMs?: number;
  /** Objects fetched at once. */
  concurrency?: number;
  body?: ObjectBodyOptions;
  /** List the trail's digest files too (default true; off when integrity is not checked). */
  listDigests?: boolean;
}

export interface ListingStats {
  listCalls: number;
}

/** The folders holding a trail's event files: `.../CloudTrail[-Insight]/<region>/`. */
type Layout =
  { kind: "trail"; regionPrefixes: string[]; digestPrefixes: string[] } | { kind: "flat" };

/** Where digests are: `.../<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/`. */
const DIGEST_FOLDER = "CloudTrail-Digest";

export class S3TrailSource implements TrailFileSource {
  readonly kind = "s3" as const;
  readonly relistAfterMs: number;
  readonly concurrency: number;
  readonly stats: ListingStats = { listCalls: 0 };
  private layout: { value: Promise<Layout>; at: number } | null = null;

  constructor(
    private readonly client: S3Client,
    readonly location: S3Location,
    private readonly options: S3SourceOptions = {},
  ) {
    this.relistAfterMs = options.relistAfterMs ?? 60_000;
    this.concurrency = options.concurrency ?? 16;
  }

  get id(): string {
    return this.location.url;
  }

  /** Account and Region filters narrow the partitions listed: loads of different ones run apart. */
  variantOf(scope: LoadScope): string {
    const part = (name: string, include?: string[], exclude?: string[]) =>
      include?.length || exclude?.length
        ? `${name}=${[...(include ?? [])].sort().join(",")}!${[...(exclude ?? [])].sort().join(",")}`
        : "";
    return [
      part("account", scope.account, scope.exclude?.account),
      part("region", scope.region, scope.exclude?.region),
    ]
      .filter(Boolean)
      .join("&");
  }

  async planRange(range: TimeRange, scope: LoadScope = {}): Promise<FilePlan> {
    const problems: Problem[] = [];
    let layout: Layout;
    try {
      layout = await this.discoverLayout();
    } catch (error) {
      this.layout = null;
      problems.push(this.listingProblem(this.location.prefix || "/", error));
      return { files: [], problems };
    }
    const listDigests = this.options.listDigests !== false;
    const days = (regionPrefixes: string[]) =>
      regionPrefixes
        .filter((prefix) => inPartitionScope(prefix, scope))
        .flatMap((region) => dayPrefixes(region, range));
    // The log files' day folders and, beside them, the digests' (one listing loop for both).
    const prefixes =
      layout.kind === "trail"
        ? [...days(layout.regionPrefixes), ...(listDigests ? days(layout.digestPrefixes) : [])]
        : [this.location.prefix ? `${this.location.prefix}/` : ""];
    const files: TrailFileRef[] = [];
    const digests: DigestRef[] = [];
    await Promise.all(
      prefixes.map(async (prefix) => {
        try {
          for await (const page of this.listPages(prefix)) {
            for (const object of page.Contents ?? []) {
              const ref = this.fileRef(object, range);
              if (ref) files.push(ref);
              else if (listDigests && object.Key && isDigestObject(object.Key))
                digests.push(this.digestRef(object));
            }
          }
        } catch (error) {
          problems.push(this.listingProblem(prefix, error));
        }
      }),
    );
    files.sort((a, b) => a.key.localeCompare(b.key));
    digests.sort((a, b) => a.key.localeCompare(b.key));
    return { files, problems, digests };
  }

  /** A digest object: its signature is the object's `x-amz-meta-signature`. */
  private digestRef(
    object: NonNullable<ListObjectsV2CommandOutput["Contents"]>[number],
  ): DigestRef {
    const key = object.Key ?? "";
    return {
      source: this.id,
      key,
      version: object.ETag ?? `${object.Size ?? 0}-${object.LastModified?.getTime() ?? 0}`,
      read: async () => {
        let response;
        try {
          response = await this.client.send(
            new GetObjectCommand({ Bucket: this.location.bucket, Key: key }),
          );
        } catch (error) {
          throw new Error(`GET failed: ${describeAwsError(error)}`, { cause: error });
        }
        const bytes = Buffer.from((await response.Body?.transformToByteArray()) ?? []);
        const signature = response.Metadata?.signature?.trim().toLowerCase() || null;
        return {
          bytes,
          signature,
          noSignature:
            "the object has no x-amz-meta-signature (CloudTrail signs every digest it writes)",
        };
      },
    };
  }

  private fileRef(
    object: NonNullable<ListObjectsV2CommandOutput["Contents"]>[number],
    range: TimeRange,
  ): TrailFileRef | null {
    const key = object.Key;
    if (!key || key.endsWith("/") || !TRAIL_FILE.test(key) || isDigestKey(key)) return null;
    if (!mayHoldRange(key, range)) return null;
    const etag = object.ETag ?? "";
    const target = { bucket: this.location.bucket, key, etag };
    return {
      kind: "s3",
      source: this.id,
      key,
      version: etag || `${object.Size ?? 0}-${object.LastModified?.getTime() ?? 0}`,
      size: object.Size ?? 0,
      open: () => objectBody(this.client, target, this.options.body),
    };
  }

  /** The folders of the trail's log files (`…/AWSLogs/[org/]account/CloudTrail/region/`). */
  async logFolders(): Promise<string[]> {
    const layout = await this.discoverLayout();
    return layout.kind === "trail"
      ? layout.regionPrefixes.filter((p) => /\/CloudTrail\/[^/]+\/$/.test(p))
      : [];
  }

  private discoverLayout(): Promise<Layout> {
    const ttl = this.options.layoutTtlMs ?? 10 * 60_000;
    if (!this.layout || Date.now() - this.layout.at > ttl) {
      const value = this.findLayout();
      this.layout = { value, at: Date.now() };
    }
    return this.layout.value;
  }

  private async findLayout(): Promise<Layout> {
    const base = this.location.prefix;
    const awsLogs = joinKey(base, "AWSLogs/");
    const owners = await this.listFolders(awsLogs);
    const accounts: string[] = [];
    await Promise.all(
      owners.map(async (owner) => {
        const name = lastSegment(owner);
        if (isAccountFolder(name)) accounts.push(owner);
        else if (isOrganizationFolder(name)) {
          for (const child of await this.listFolders(owner)) {
            if (isAccountFolder(lastSegment(child))) accounts.push(child);
          }
        }
      }),
    );
    if (accounts.length === 0) return { kind: "flat" };
    const regionPrefixes: string[] = [];
    const digestPrefixes: string[] = [];
    await Promise.all(
      accounts.flatMap((account) =>
        [...EVENT_FOLDERS, ...(this.options.listDigests === false ? [] : [DIGEST_FOLDER])].map(
          async (folder) => {
            for (const region of await this.listFolders(`${account}${folder}/`)) {
              if (!isRegionFolder(lastSegment(region))) continue;
              (folder === DIGEST_FOLDER ? digestPrefixes : regionPrefixes).push(region);
            }
          },
        ),
      ),
    );
    regionPrefixes.sort();
    digestPrefixes.sort();
    return { kind: "trail", regionPrefixes, digestPrefixes };
  }

  /** Child "folders" of a prefix (CommonPrefixes), every page. */
  private async listFolders(prefix: string): Promise<string[]> {
    const out: string[] = [];
    for await (const page of this.listPages(prefix, "/")) {
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix) out.push(p.Prefix);
    }
    return out;
  }

  private async *listPages(
    prefix: string,
    delimiter?: string,
  ): AsyncGenerator<ListObjectsV2CommandOutput> {
    let token: string | undefined;
    do {
      this.stats.listCalls += 1;
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.location.bucket,
          Prefix: prefix,
          Delimiter: delimiter,
          ContinuationToken: token,
        }),
      );
      yield page;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  private listingProblem(prefix: string, error: unknown): Problem {
    return {
      kind: "read-failed",
      severity: "error",
      file: `s3://${this.location.bucket}/${prefix}`,
      recordIndex: null,
      message: `cannot list: ${describeAwsError(error)}`,
    };
  }
}
