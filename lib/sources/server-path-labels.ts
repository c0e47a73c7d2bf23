import path from "node:path";
import type { TrailglassConfig } from "../config";
import { canSeeServerPaths, type Role } from "../auth/roles";

/**
 * Where the server keeps things (trail folders, the store, a keys file) is for
 * analysts, who run investigations on it, not for every role (#22): sources,
 * problems, integrity findings and a permalink's "Looked in" name a trail
 * folder by its own name (`/srv/audit/trail` -> `trail`) to other roles. S3
 * locations (`s3://bucket/prefix`) and Event history Regions say nothing about
 * the server and stay as they are.
 */
export class ServerPathLabels {
  private readonly pattern: RegExp | null;
  private readonly labels = new Map<string, string>();

  constructor(paths: readonly string[]) {
    const absolute = [...new Set(paths)].filter((p) => path.isAbsolute(p) && p.length > 1);
    for (const p of absolute) this.labels.set(p, path.basename(p));
    // Longest first, so a folder inside another is named by its own name.
    const alternatives = absolute
      .sort((a, b) => b.length - a.length)
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    // A whole path, or its start: not `/data` inside `/database`.
    this.pattern =
      alternatives.length > 0
        ? new RegExp(`(?:${alternatives.join("|")})(?=$|[/\\s'"\`),;:])`, "g")
        : null;
  }

  /** The text with each server path replaced by its last name. */
  label(text: string): string {
    return this.pattern ? text.replace(this.pattern, (p) => this.labels.get(p) ?? p) : text;
  }

  /** A copy of JSON data (problems, progress, findings; never a record) with every string labelled. */
  labelAll<T>(value: T): T {
    if (typeof value === "string") return this.label(value) as T;
    if (Array.isArray(value)) return value.map((v: unknown) => this.labelAll(v)) as T;
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value).map(([key, v]) => [key, this.labelAll(v)]),
      ) as T;
    }
    return value;
  }
}

/** The server's own paths a client might otherwise be told. */
export function serverPathsOf(config: TrailglassConfig): string[] {
  return [
    ...config.TRAILGLASS_DIR,
    config.TRAILGLASS_SAMPLE_DIR,
    config.TRAILGLASS_DATA,
    ...(config.TRAILGLASS_DIGEST_KEYS ? [config.TRAILGLASS_DIGEST_KEYS] : []),
  ];
}

/** The labels a role sees server paths through, or null when it sees them (analysts). */
export function serverPathLabelsFor(
  role: Role | null,
  config: TrailglassConfig,
): ServerPathLabels | null {
  return canSeeServerPaths(role) ? null : new ServerPathLabels(serverPathsOf(config));
}
