import { readFile } from "node:fs/promises";
import { type CloudTrailClient, ListPublicKeysCommand } from "@aws-sdk/client-cloudtrail";
import { z } from "zod";
import { describeAwsError } from "../sources/aws-errors";

/**
 * The public keys that verify digest signatures, found by the fingerprint a
 * digest names: from a file of keys (TRAILGLASS_DIGEST_KEYS, for folders read
 * offline) and from CloudTrail's ListPublicKeys per Region, cached. A key that
 * cannot be had (no permission, no network) is "unavailable", never assumed:
 * the digest is then unverified, with the reason.
 */

export interface DigestPublicKey {
  fingerprint: string;
  der: Uint8Array;
}

export type KeyLookup =
  | { found: DigestPublicKey }
  /** The keys of the digest's time were listed and none has its fingerprint. */
  | { unknown: string }
  /** The keys could not be listed: nothing is known. */
  | { unavailable: string };

/** `aws cloudtrail list-public-keys --output json`: Value is base64 DER. */
const publicKeyListSchema = z.object({
  PublicKeyList: z.array(z.looseObject({ Value: z.string(), Fingerprint: z.string() })),
});

export async function readDigestKeysFile(file: string): Promise<DigestPublicKey[]> {
  const parsed = publicKeyListSchema.safeParse(JSON.parse(await readFile(file, "utf8")));
  if (!parsed.success) {
    throw new Error(
      `${file} is not the output of "aws cloudtrail list-public-keys --output json" ({"PublicKeyList": [{"Value", "Fingerprint"}]})`,
    );
  }
  return parsed.data.PublicKeyList.map((k) => ({
    fingerprint: k.Fingerprint.toLowerCase(),
    der: Buffer.from(k.Value, "base64"),
  }));
}

const DAY_MS = 86_400_000;
/** A failed listing is not asked again for this long (each digest would ask otherwise). */
const RETRY_AFTER_MS = 5 * 60_000;

interface RegionKeys {
  keys: Map<string, DigestPublicKey>;
  /** Spans [from, to] whose keys were listed. */
  listed: { from: number; to: number }[];
  failure: { message: string; at: number } | null;
  pending: Promise<void> | null;
}

export interface DigestKeyringOptions {
  /** Keys of a TRAILGLASS_DIGEST_KEYS file, and the file's name for messages. */
  file?: { name: string; keys: DigestPublicKey[] };
  /** A CloudTrail client per Region; none: keys only from the file. */
  client?: (region: string) => CloudTrailClient;
  now?: () => number;
}

export class DigestKeyring {
  private readonly regions = new Map<string, RegionKeys>();
  private readonly fileKeys: Map<string, DigestPublicKey>;
  private readonly now: () => number;

  constructor(private readonly options: DigestKeyringOptions = {}) {
    this.fileKeys = new Map((options.file?.keys ?? []).map((k) => [k.fingerprint, k]));
    this.now = options.now ?? Date.now;
  }

  /** The key of `fingerprint` for a digest of `region` ending at `atMs`. */
  async lookup(region: string, fingerprint: string, atMs: number): Promise<KeyLookup> {
    const wanted = fingerprint.toLowerCase();
    const fromFile = this.fileKeys.get(wanted);
    if (fromFile) return { found: fromFile };
    if (!this.options.client) {
      return {
        unavailable: this.options.file
          ? `its key (fingerprint ${wanted}) is not in ${this.options.file.name}`
          : "no public keys: CloudTrail is not reachable from here and TRAILGLASS_DIGEST_KEYS is not set",
      };
    }
    const state = this.regionKeys(region);
    const known = state.keys.get(wanted);
    if (known) return { found: known };
    if (!state.listed.some((s) => s.from <= atMs && atMs <= s.to)) {
      if (state.failure && this.now() - state.failure.at < RETRY_AFTER_MS) {
        return { unavailable: state.failure.message };
      }
      state.pending ??= this.list(region, state, atMs).finally(() => (state.pending = null));
      await state.pending;
      const listedNow = state.keys.get(wanted);
      if (listedNow) return { found: listedNow };
      if (!state.listed.some((s) => s.from <= atMs && atMs <= s.to)) {
        return { unavailable: state.failure?.message ?? "the keys could not be listed" };
      }
    }
    return {
      unknown: `it names a key (fingerprint ${wanted}) that CloudTrail does not list for ${region} at ${new Date(atMs).toISOString()}`,
    };
  }

  private regionKeys(region: string): RegionKeys {
    let state = this.regions.get(region);
    if (!state) {
      state = { keys: new Map(), listed: [], failure: null, pending: null };
      this.regions.set(region, state);
    }
    return state;
  }

  /** The keys valid within a few days of `atMs` (a key signs for about a month). */
  private async list(region: string, state: RegionKeys, atMs: number): Promise<void> {
    const from = atMs - 2 * DAY_MS;
    const to = Math.min(atMs + 2 * DAY_MS, this.now());
    try {
      let token: string | undefined;
      do {
        const page = await this.options.client!(region).send(
          new ListPublicKeysCommand({
            StartTime: new Date(from),
            EndTime: new Date(Math.max(to, from + 1)),
            NextToken: token,
          }),
        );
        for (const key of page.PublicKeyList ?? []) {
          if (!key.Value || !key.Fingerprint) continue;
          const fingerprint = key.Fingerprint.toLowerCase();
          state.keys.set(fingerprint, { fingerprint, der: key.Value });
        }
        token = page.NextToken;
      } while (token);
      state.listed.push({ from, to: Math.max(to, atMs) });
      state.failure = null;
    } catch (error) {
      state.failure = {
        message: `CloudTrail ListPublicKeys in ${region} failed: ${describeAwsError(error)}`,
        at: this.now(),
      };
    }
  }
}
