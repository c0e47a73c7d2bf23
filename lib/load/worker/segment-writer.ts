import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import {
  FILE_COLUMNS,
  type FileRead,
  type StagedEvent,
  stagedEventLines,
  stagedLine,
} from "../../store/staged-rows";
import type { FinishedFile, Segment } from "./protocol";

/** A segment is handed over at this size even if nobody asked. */
const MAX_SEGMENT_ROWS = 50_000;
const MAX_SEGMENT_CHARS = 64 * 1024 ** 2;
/** Lines are encoded into a buffer of this size and written when it fills. */
const BUFFER_BYTES = 4 * 1024 ** 2;

/** A text file written a buffer at a time (no large joined strings for the collector). */
class LineFile {
  private buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private fd: number | null = null;

  constructor(readonly path: string) {}

  add(line: string): void {
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit.
    if (this.used + line.length * 3 > this.buffer.length) {
      this.write();
      if (line.length * 3 > this.buffer.length) {
        this.fd ??= openSync(this.path, "w");
        writeSync(this.fd, line);
        return;
      }
    }
    this.used += this.buffer.write(line, this.used);
  }

  close(): void {
    this.write();
    if (this.fd === null) writeFileSync(this.path, "");
    else closeSync(this.fd);
    this.fd = null;
  }

  private write(): void {
    if (this.used === 0) return;
    this.fd ??= openSync(this.path, "w");
    let written = 0;
    while (written < this.used)
      written += writeSync(this.fd, this.buffer, written, this.used - written);
    this.used = 0;
  }
}

/**
 * Collects a worker's staged rows (lib/store/staged-rows.ts) until they are
 * handed over as a segment: three text files and what they hold.
 */
export class SegmentWriter {
  private rowsFile: LineFile | null = null;
  private keysFile: LineFile | null = null;
  private rowCount = 0;
  private files: string[] = [];
  private chars = 0;
  private fromMicros = Infinity;
  private toMicros = -Infinity;
  private finished: FinishedFile[] = [];
  private touched = new Set<number>();
  private sequence = 0;

  constructor(
    private readonly dir: string,
    private readonly prefix: string,
    private readonly maxRows = MAX_SEGMENT_ROWS,
  ) {}

  get pendingRows(): number {
    return this.rowCount;
  }

  get isFull(): boolean {
    return this.rowCount >= this.maxRows || this.chars >= MAX_SEGMENT_CHARS;
  }

  get isEmpty(): boolean {
    return this.rowCount === 0 && this.finished.length === 0;
  }

  /** Encodes one event; throws (nothing added) when it cannot be. */
  add(event: StagedEvent, timeMicros: number): void {
    const { row, key } = stagedEventLines(event);
    if (!this.rowsFile || !this.keysFile) {
      mkdirSync(this.dir, { recursive: true });
      this.sequence += 1;
      const base = path.join(this.dir, `${this.prefix}-${this.sequence}`);
      this.rowsFile = new LineFile(`${base}.rows`);
      this.keysFile = new LineFile(`${base}.keys`);
    }
    this.rowsFile.add(row);
    this.keysFile.add(key);
    this.rowCount += 1;
    this.chars += row.length;
    if (timeMicros < this.fromMicros) this.fromMicros = timeMicros;
    if (timeMicros > this.toMicros) this.toMicros = timeMicros;
    this.touched.add(event.fileId);
  }

  finish(read: FileRead, finished: FinishedFile): void {
    this.files.push(stagedLine(FILE_COLUMNS, read));
    this.finished.push(finished);
  }

  /** Writes the segment's files and starts a new one. */
  take(): Segment {
    mkdirSync(this.dir, { recursive: true });
    if (!this.rowsFile || !this.keysFile) {
      this.sequence += 1;
      const base = path.join(this.dir, `${this.prefix}-${this.sequence}`);
      this.rowsFile = new LineFile(`${base}.rows`);
      this.keysFile = new LineFile(`${base}.keys`);
    }
    const base = this.rowsFile.path.slice(0, -".rows".length);
    const segment: Segment = {
      rowsPath: this.rowsFile.path,
      keysPath: this.keysFile.path,
      filesPath: `${base}.files`,
      rows: this.rowCount,
      bytes: this.chars,
      fromMicros: this.fromMicros,
      toMicros: this.toMicros,
      finished: this.finished,
      touched: [...this.touched],
    };
    this.rowsFile.close();
    this.keysFile.close();
    writeFileSync(segment.filesPath, this.files.join(""));
    this.rowsFile = null;
    this.keysFile = null;
    this.rowCount = 0;
    this.files = [];
    this.chars = 0;
    this.fromMicros = Infinity;
    this.toMicros = -Infinity;
    this.finished = [];
    this.touched = new Set();
    return segment;
  }
}
