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

/** Problems of unrecognized items held at most (the rest are counted). */
const MAX_HELD = 100;

const CONTAINER_FORMAT: Record<ContainerKind, TrailFileFormat> = {
  array: "array",
  Records: "records",
  Events: "lookup-events",
};

/**
 * Receives the items of a file (from the whole-file parse or from the splitter), turns
 * them into records or problems, and works out the file's format from the first thing
 * recognized. A file none of whose items looks like CloudTrail (an index or a
 * manifest beside the trail, JSON of another shape) gets one "unsupported-format"
 * problem instead of one per item: the items' problems wait until something in
 * the file is recognized.
 */
export class RecordCollector {
  format: TrailFileFormat | null = null;
  /** Items met (records, broken ones, digests...). */
  items = 0;
  private topValues = 0;
  /** Problems of unrecognized items, held while nothing in the file looks like CloudTrail. */
  private unrecognized: { message: string; index: number; value: unknown }[] = [];
  private unrecognizedCount = 0;
  private recognizedAny = false;

  constructor(
    private readonly problems: ProblemLog,
    private readonly batcher: Batcher,
    private readonly maxDepth: number,
  ) {}

  container(kind: ContainerKind) {
    this.countTopValue();
    this.format ??= CONTAINER_FORMAT[kind];
    // {"Records": [...]} and {"Events": [...]} are CloudTrail's own: what they hold is a trail's.
    if (kind !== "array") this.recognize();
  }

  /** A parsed item. Returns a promise when a batch was handed over (await it). */
  item(value: unknown, index: number, top: boolean): Promise<void> | undefined {
    this.items++;
    if (top) this.countTopValue();
    const outcome = classifyItem(value, `record ${index}`);
    if (outcome.kind !== "problem" || outcome.recognized) this.recognize();
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
        if (!this.recognizedAny && !outcome.recognized) {
          this.unrecognizedCount++;
          if (this.unrecognized.length < MAX_HELD) {
            this.unrecognized.push({ message: outcome.message, index, value });
          }
        } else {
          this.problems.add(outcome.problem, "error", outcome.message, index);
        }
        return undefined;
    }
  }

  /** Something in the file is CloudTrail: the held problems are its items' after all. */
  private recognize() {
    if (this.recognizedAny) return;
    this.recognizedAny = true;
    for (const { message, index } of this.unrecognized) {
      this.problems.add("invalid-record", "error", message, index);
    }
    const untold = this.unrecognizedCount - this.unrecognized.length;
    if (untold > 0) {
      this.problems.add(
        "invalid-record",
        "error",
        `${untold} more items before the first CloudTrail record are not CloudTrail records either`,
      );
    }
    this.unrecognized = [];
  }

  /** An item whose bytes are not valid JSON. */
  invalidJson(index: number, top: boolean, message: string) {
    this.recognize();
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
  }

  /** Once the whole file was seen: one note for a file with nothing of CloudTrail in it. */
  finish() {
    if (this.recognizedAny || this.unrecognized.length === 0) return;
    const [first] = this.unrecognized;
    const what = isJsonObject(first!.value)
      ? `an object with ${describeKeys(first!.value)}`
      : describeJsonType(first!.value);
    const items =
      this.unrecognizedCount === 1 && this.topValues === 1
        ? `its top-level value is ${what}`
        : `none of its ${this.unrecognizedCount} items is a CloudTrail record (the first is ${what})`;
    this.unrecognized = [];
    this.problems.add(
      "unsupported-format",
      "error",
      `not a CloudTrail log file: the file is JSON of an unknown shape: ${items}, not CloudTrail records, a {"Records": [...]} or {"Events": [...]} object, or a digest`,
    );
  }
}
