import { ConcurrencyLimiter } from "../load/concurrency";
import type { DigestRef } from "../sources/source-types";
import type { Store } from "../store/database";
import { settledDigestVersions, storeDigests } from "../store/digests";
import type { DigestKeyring } from "./digest-keys";
import { type ReadDigest, readDigest } from "./read-digest";

/**
 * Reads the digests a load's listing found, beside its log files: each digest
 * not read yet at its version is fetched, parsed, hashed and its signature
 * checked (read-digest.ts), then stored in slices. The log files' hashes are
 * taken by the load itself as it reads them; the two meet in the store's
 * `file_integrity` view.
 */

/** Digests fetched at once per load (they are small; S3 latency is what counts). */
const CONCURRENCY = 16;
/** Stored together, in one transaction. */
const PER_TRANSACTION = 200;

export class DigestLoader {
  constructor(
    private readonly store: Store,
    /** The keys trusted for a source's digests (the bundled sample's own key only for it). */
    private readonly keyringOf: (source: string) => DigestKeyring,
  ) {}

  /**
   * Reads and stores `refs` (digests of `source`); an unreadable digest is stored as such.
   * Resolves to the number read.
   */
  async load(source: string, refs: DigestRef[]): Promise<number> {
    const settled = await settledDigestVersions(this.store, source);
    const todo = refs.filter((r) => settled.get(r.key) !== r.version);
    const keyring = this.keyringOf(source);
    const limiter = new ConcurrencyLimiter(CONCURRENCY);
    const pending: ReadDigest[] = [];
    const writes: Promise<void>[] = [];
    const flush = () => {
      const slice = pending.splice(0);
      if (slice.length > 0) writes.push(storeDigests(this.store, slice));
    };
    await Promise.all(
      todo.map((ref) =>
        limiter.run(async () => {
          pending.push(await readDigest(ref, keyring));
          if (pending.length >= PER_TRANSACTION) flush();
        }),
      ),
    );
    flush();
    await Promise.all(writes);
    return todo.length;
  }
}
