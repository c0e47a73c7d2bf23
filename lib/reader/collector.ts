import type { Batcher } from "./batcher";
import type { ContainerKind } from "./json-splitter";
import type { ProblemLog } from "./problems";
import {
  classifyItem,
  describeJsonType,
  describeKeys,
  isJsonObject,
  nestedDeeperThan,
} from "./record-shape";
import type { TrailFileFormat } from "./types";

const CONTAINER_FORMAT: Record<ContainerKind, TrailFileFormat> = {
  array: "array",
  Records: "records",
  Events: "lookup-events",
};

/**
 * Receives the items of a file (from the whole-file parse or from the splitter), turns
 * them into records or problems, and works out the file's format from the first thing
 * recognized. A file whose only top-level value is of an unknown shape gets one
 * "unsupported-format" problem instead of a per-record one.
 */
export class RecordCollector {
  format: TrailFileFormat | null = null;
  /** Items met (records, broken ones, digests...). */
  items = 0;
  private topValues = 0;
  private pendingLone: { message: string; index: number; value: unknown } | null = null;

  constructor(
    private readonly problems: ProblemLog,
    private readonly batcher: Batcher,
    private readonly maxDepth: number,
  ) {}

  container(kind: ContainerKind) {
    this.countTopValue();
    this.format ??= CONTAINER_FORMAT[kind];
  }

  /** A parsed item. Returns a promise when a batch was handed over (await it). */
  item(value: unknown, index: number, top: boolean): Promise<void> | undefined {
    this.items++;
    if (top) this.countTopValue();
    const outcome = classifyItem(value, `record ${index}`);
    switch (outcome.kind) {
      case "record":
        if (top) this.format ??= outcome.via === "lookup-events" ? "lookup-events" : "ndjson";
        if (nestedDeeperThan(outcome.record, this.maxDepth)) {
          this.problems.add(
            "invalid-record",
            "error",
            `record ${index} is nested deeper than ${this.maxDepth} levels of objects and arrays; skipped`,
            index,
          );
          return undefined;
        }
        return this.batcher.add(index, outcome.record);
      case "digest":
        if (top) this.format ??= "digest";
        else
          this.problems.add(
            "invalid-record",
            "error",
            `record ${index} is a digest, not an event`,
            index,
          );
        return undefined;
      case "problem":
        if (top && this.topValues === 1 && !outcome.recognized) {
          this.pendingLone = { message: outcome.message, index, value };
        } else {
          this.problems.add(outcome.problem, "error", outcome.message, index);
        }
        return undefined;
    }
  }

  /** An item whose bytes are not valid JSON. */
  invalidJson(index: number, top: boolean, message: string) {
    this.items++;
    if (top) this.countTopValue();
    this.problems.add("invalid-json", "error", message, index);
  }

  /** An item counted without being parsed (too large, or broken before it ended). */
  countItem(top: boolean) {
    this.items++;
    if (top) this.countTopValue();
  }

  private countTopValue() {
    this.topValues++;
    if (this.topValues > 1 && this.pendingLone) {
      const { message, index } = this.pendingLone;
      this.pendingLone = null;
      this.problems.add("invalid-record", "error", message, index);
    }
  }

  /** Settles the single-value case once the whole file was seen. */
  finish() {
    if (!this.pendingLone) return;
    const { value } = this.pendingLone;
    this.pendingLone = null;
    const what = isJsonObject(value)
      ? `an object with ${describeKeys(value)}`
      : describeJsonType(value);
    this.problems.add(
      "unsupported-format",
      "error",
      `the file is JSON of an unknown shape: its top-level value is ${what}, not CloudTrail records, a {"Records": [...]} or {"Events": [...]} object, or a digest`,
    );
  }
}
