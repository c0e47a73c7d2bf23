import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { type AthenaSettings, parseAthenaSettings } from "./athena/athena-settings";
import { dataDirOf } from "./data-dir";
import type { ReaderOptions } from "./reader";
import { DEFAULT_STORE_MEMORY } from "./store/database";

/**
 * The environment, parsed and validated once. Every other module asks here.
 * Bad values stop the server at start with a message naming the variable.
 */

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export interface S3Location {
  bucket: string;
  prefix: string;
  /** As configured, for display and origins: `s3://bucket/prefix`. */
  url: string;
}

function parseS3Url(value: string): S3Location {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(value);
  if (!match?.[1]) {
    throw new Error(`"${value}" is not an S3 URL like s3://my-trail-bucket/optional/prefix`);
  }
  const prefix = (match[2] ?? "").replace(/^\/+|\/+$/g, "");
  return { bucket: match[1], prefix, url: `s3://${match[1]}${prefix ? `/${prefix}` : ""}` };
}

const integerFrom = (min: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) {
        const what = min === 1 ? "a positive integer" : `an integer from ${min}`;
        ctx.addIssue({ code: "custom", message: `must be ${what}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });
const positiveInt = (fallback: number) => integerFrom(1, fallback);

const envSchema = z.object({
  TRAILGLASS_DIR: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const dirs = list(v).map((d) => path.resolve(d));
      for (const dir of dirs) {
        if (!existsSync(dir) || !statSync(dir).isDirectory()) {
          ctx.addIssue({ code: "custom", message: `folder ${dir} does not exist` });
        }
      }
      return dirs;
    }),
  TRAILGLASS_S3: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const out: S3Location[] = [];
      for (const item of list(v)) {
        try {
          out.push(parseS3Url(item));
        } catch (error) {
          ctx.addIssue({ code: "custom", message: (error as Error).message });
        }
      }
      return out;
    }),
  TRAILGLASS_LOOKUP_REGIONS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const regions = list(v);
      for (const region of regions) {
        if (!REGION.test(region)) {
          ctx.addIssue({ code: "custom", message: `"${region}" is not an AWS Region name` });
        }
      }
      return regions;
    }),
  TRAILGLASS_DATA: z.string().optional().transform(dataDirOf),
  /** `auto`: the sample is shown when no source is configured; `on`: beside them; `off`: never. */
  TRAILGLASS_SAMPLE: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const value = (v?.trim() || "auto").toLowerCase();
      if (value !== "auto" && value !== "on" && value !== "off") {
        ctx.addIssue({ code: "custom", message: `must be auto, on or off, got "${v}"` });
        return z.NEVER;
      }
      return value as "auto" | "on" | "off";
    }),
  TRAILGLASS_SAMPLE_DIR: z
    .string()
    .optional()
    .transform((v) => path.resolve(v && v.trim() ? v.trim() : "sample-trail")),
  /** Files decompressing past this are read up to it and reported (gzip-bomb guard). */
  TRAILGLASS_MAX_FILE_MB: positiveInt(2048),
  /** Memory the event store may use (DuckDB's memory_limit); larger work spills to disk. */
  TRAILGLASS_STORE_MEMORY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const value = v?.trim() || DEFAULT_STORE_MEMORY;
      if (!/^\d+(\.\d+)?\s*(MB|GB|MiB|GiB)$/i.test(value)) {
        ctx.addIssue({ code: "custom", message: `must be a size like 512MB or 2GB, got "${v}"` });
        return z.NEVER;
      }
      return value;
    }),
  /**
   * Threads one store query may use; 0: one per core (DuckDB's default). One serves many
   * users best: a request runs its queries side by side, and single-threaded queries spend
   * less CPU in all.
   */
  TRAILGLASS_STORE_THREADS: integerFrom(0, 1),
  /** Exports running at once on the server; more answer 503 (lib/export/export-slots.ts). */
  TRAILGLASS_MAX_EXPORTS: positiveInt(8),
  /** Exports one user may run at once; more answer 429. */
  TRAILGLASS_MAX_EXPORTS_PER_USER: positiveInt(2),
  /** An export whose client takes nothing for this many seconds is cut off. */
  TRAILGLASS_EXPORT_IDLE_SECONDS: positiveInt(60),
  /** Trail objects fetched at once from each S3 source. */
  TRAILGLASS_S3_CONCURRENCY: positiveInt(16),
  /** A range needing more trail files than this is loaded only after the user confirms. */
  TRAILGLASS_CONFIRM_FILES: positiveInt(25_000),
  /** `on`: log files are hashed as read and checked against the trail's digest files. */
  TRAILGLASS_INTEGRITY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const value = (v?.trim() || "on").toLowerCase();
      if (value !== "on" && value !== "off") {
        ctx.addIssue({ code: "custom", message: `must be on or off, got "${v}"` });
        return z.NEVER;
      }
      return value as "on" | "off";
    }),
  /**
   * A file of digest public keys, as `aws cloudtrail list-public-keys --output json` prints
   * them: for folders read offline (else keys come from CloudTrail's ListPublicKeys).
   */
  TRAILGLASS_DIGEST_KEYS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v?.trim()) return null;
      const file = path.resolve(v.trim());
      if (!existsSync(file) || !statSync(file).isFile()) {
        ctx.addIssue({ code: "custom", message: `file ${file} does not exist` });
      }
      return file;
    }),
  /** The CloudTrail table in Athena that searches a range too large to read (lib/athena). */
  TRAILGLASS_ATHENA: z
    .string()
    .optional()
    .transform((v, ctx): AthenaSettings | null => {
      if (!v?.trim()) return null;
      try {
        return parseAthenaSettings(v);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    }),
  /** An Athena search estimated to scan more than this many GB waits for the user's go-ahead. */
  TRAILGLASS_ATHENA_CONFIRM_GB: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return 10;
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) {
        ctx.addIssue({ code: "custom", message: `must be a number of GB, got "${v}"` });
        return z.NEVER;
      }
      return n;
    }),
});

export type TrailglassConfig = z.infer<typeof envSchema> & {
  /** True when the bundled sample trail is shown (see TRAILGLASS_SAMPLE). */
  useSample: boolean;
};

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): TrailglassConfig {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid trailglass configuration:\n${lines.join("\n")}`);
  }
  const c = result.data;
  const noSource =
    c.TRAILGLASS_DIR.length === 0 &&
    c.TRAILGLASS_S3.length === 0 &&
    c.TRAILGLASS_LOOKUP_REGIONS.length === 0;
  const useSample = c.TRAILGLASS_SAMPLE === "on" || (c.TRAILGLASS_SAMPLE === "auto" && noSource);
  const athena = c.TRAILGLASS_ATHENA;
  if (athena) {
    const buckets = c.TRAILGLASS_S3.map((l) => l.url);
    const source = athena.source ?? (buckets.length === 1 ? buckets[0]! : null);
    if (!source || !buckets.includes(source)) {
      throw new ConfigError(
        `Invalid trailglass configuration:\n  TRAILGLASS_ATHENA: ${
          buckets.length === 0
            ? "needs the trail bucket in TRAILGLASS_S3 (Athena names files, trailglass reads them from S3)"
            : `source= must name one of TRAILGLASS_S3 (${buckets.join(", ")})`
        }`,
      );
    }
    athena.source = source;
  }
  return { ...c, useSample };
}

/** The reader's limits as configured (TRAILGLASS_MAX_FILE_MB: the gzip-bomb guard). */
export function readerOptionsOf(
  config: Pick<TrailglassConfig, "TRAILGLASS_MAX_FILE_MB" | "TRAILGLASS_INTEGRITY">,
): ReaderOptions {
  return {
    maxDecompressedBytes: config.TRAILGLASS_MAX_FILE_MB * 1024 * 1024,
    // Digests list each log file's SHA-256: hashed as it is read, never read twice.
    hashContent: config.TRAILGLASS_INTEGRITY === "on",
  };
}

let cached: TrailglassConfig | undefined;

export function getConfig(): TrailglassConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
