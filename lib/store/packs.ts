import {
  closeSync,
  createReadStream,
  fdatasyncSync,
  mkdirSync,
  openSync,
  writeSync,
} from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";

/**
 * Packs keep the bytes of every trail file the store read, as read (gzip or
 * plain), one file after another: the records of events are read back from
 * them (the drawer, permalinks, exports), byte for byte as delivered, without
 * the source. Append-only: a pack is written by one load worker, and `files`
 * says where each file's bytes are. Bytes a crash left unregistered are never
 * referenced.
 */

export const PACKS_DIR = "packs";

/** A new pack once the current one holds this much. */
const MAX_PACK_BYTES = 1024 ** 3;

export interface PackLocation {
  pack: string;
  offset: number;
  length: number;
}

export class PackWriter {
  private fd: number | null = null;
  private name = "";
  private size = 0;
  private sequence = 0;
  private dirty = false;
  private readonly dir: string;

  constructor(
    dataDir: string,
    /** Unique among the writers of this store (process, worker, start time). */
    private readonly prefix: string,
  ) {
    this.dir = path.join(dataDir, PACKS_DIR);
  }

  /** Starts a file's bytes; returns where they begin. */
  begin(): { pack: string; offset: number } {
    if (this.fd === null || this.size >= MAX_PACK_BYTES) this.roll();
    return { pack: this.name, offset: this.size };
  }

  append(bytes: Uint8Array): void {
    if (this.fd === null) this.roll();
    let written = 0;
    while (written < bytes.length) {
      written += writeSync(this.fd!, bytes, written, bytes.length - written);
    }
    this.size += bytes.length;
    this.dirty = true;
  }

  /** Makes what was appended durable: called before the rows naming it are handed over. */
  sync(): void {
    if (this.fd !== null && this.dirty) fdatasyncSync(this.fd);
    this.dirty = false;
  }

  close(): void {
    if (this.fd === null) return;
    this.sync();
    closeSync(this.fd);
    this.fd = null;
  }

  private roll(): void {
    this.close();
    mkdirSync(this.dir, { recursive: true });
    this.sequence += 1;
    this.name = `${this.prefix}-${this.sequence}.pack`;
    this.fd = openSync(path.join(this.dir, this.name), "a");
    this.size = 0;
  }
}

/** Slices read whole; larger ones are streamed. */
const WHOLE_READ_BYTES = 64 * 1024 ** 2;

function packPath(dataDir: string, pack: string): string {
  // Names come from the store, never from users; still, never leave the folder.
  if (pack.includes("/") || pack.includes("\\") || pack.startsWith(".")) {
    throw new Error(`"${pack}" is not a pack name`);
  }
  return path.join(dataDir, PACKS_DIR, pack);
}

/** A file's bytes from its pack: a Buffer, or a stream for very large files. */
export async function readPacked(
  dataDir: string,
  at: PackLocation,
): Promise<Buffer | AsyncIterable<Buffer>> {
  const file = packPath(dataDir, at.pack);
  if (at.length > WHOLE_READ_BYTES) {
    return createReadStream(file, {
      start: at.offset,
      end: at.offset + at.length - 1,
      highWaterMark: 1 << 20,
    });
  }
  const handle = await open(file, "r");
  try {
    const bytes = Buffer.allocUnsafe(at.length);
    let read = 0;
    while (read < at.length) {
      const { bytesRead } = await handle.read(bytes, read, at.length - read, at.offset + read);
      if (bytesRead === 0) {
        throw new Error(
          `pack ${at.pack} ends at ${at.offset + read}, before ${at.offset + at.length}`,
        );
      }
      read += bytesRead;
    }
    return bytes;
  } finally {
    await handle.close();
  }
}
