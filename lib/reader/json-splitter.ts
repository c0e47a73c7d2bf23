/**
 * A byte-level structural JSON splitter. It cuts a stream of bytes into the items of a
 * trail file without parsing them, so each item can be JSON.parse'd on its own and a
 * broken item costs only itself:
 *
 * - a top-level array: each element is an item;
 * - a top-level object whose key `Records` or `Events` (at depth 1) holds an array: each
 *   element of that array is an item, and the rest of the object is skipped;
 * - any other top-level value (NDJSON, concatenated or pretty-printed objects, a single
 *   record, an EventBridge envelope, a digest): the value is an item.
 *
 * Only the current item is buffered, as slices of the chunks it spans; slices are cut at
 * ASCII structural bytes, so a UTF-8 character split across chunks is always decoded whole.
 * Strings are skipped with Buffer.indexOf.
 *
 * Recovery from broken structure: a `{` or `[` where an item object expects a key (a record
 * that lost its closing brace) ends the broken item and starts the next one; a closing
 * bracket of the wrong kind closes up to the matching opener; once the file is seen to be
 * one value per line (NDJSON), an end of line inside a value ends that value as broken;
 * top-level bytes that cannot start a value are taken as one broken item up to the end of
 * the line (unless they are the very first thing in the file: then it is not JSON at all).
 */

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const BOM_0 = 0xef;
const BOM_1 = 0xbb;
const BOM_2 = 0xbf;

const WRAPPER_KEYS = new Set(["Records", "Events"]);
const EMPTY = Buffer.alloc(0);

export type ContainerKind = "array" | "Records" | "Events";

export type SplitEvent =
  /** A top-level array, or a `Records`/`Events` array in a top-level object, starts. */
  | { type: "container"; container: ContainerKind }
  /** One item's bytes. `top`: a top-level value rather than an array element. */
  | { type: "item"; index: number; bytes: Buffer; offset: number; line: number; top: boolean }
  /** An item past the size limit: its bytes were dropped. */
  | { type: "oversize"; index: number; size: number; offset: number; line: number; top: boolean }
  /** A structural problem; with an index when it is one item (counted, never delivered). */
  | {
      type: "problem";
      kind: "invalid-json" | "truncated-json";
      index: number | null;
      top: boolean;
      message: string;
    }
  /** The file does not start like JSON: the splitter stopped. */
  | { type: "not-json"; start: Buffer };

type ItemKind = "container" | "string" | "scalar" | "junk";
type TopKind = "none" | "array" | "object" | "wrapper";

export class JsonSplitter {
  /** Absolute offset of the current chunk's first byte. */
  private base = 0;
  private line = 1;
  private chunk: Buffer = EMPTY;
  private out: SplitEvent[] = [];
  private isStopped = false;

  /** Open brackets (LBRACE / LBRACKET); its length is the depth. */
  private readonly stack: number[] = [];
  /** Depth whose values are items: 0 top level, 1 top array, 2 wrapper array, -1 none. */
  private itemDepth = 0;
  private top: TopKind = "none";
  private topValues = 0;
  private ndjson = false;
  private nextIndex = 0;

  /** Key tracking in the objects at depth `objectLevel()`. */
  private expectKey = false;
  private afterColon = false;
  private wrapperKey: string | null = null;

  private inString = false;
  private escapeNext = false;
  private stringRole: "plain" | "key" | "item" = "plain";
  private keyStart = 0;
  private keyPrefix = "";
  /** Position of the next LF at or after the last search in this chunk (len if none). */
  private nextLf = -1;

  private inItem = false;
  private itemKind: ItemKind = "container";
  private itemTop = false;
  private itemStart = 0;
  private itemOffset = 0;
  private itemLine = 1;
  private itemParts: Buffer[] = [];
  private itemSize = 0;
  private itemOversize = false;
  private itemHadNewline = false;

  constructor(private readonly maxItemBytes: number) {}

  /** True once the input was found not to be JSON; further bytes are ignored. */
  get stopped(): boolean {
    return this.isStopped;
  }

  push(chunk: Buffer): SplitEvent[] {
    this.out = [];
    if (this.isStopped || chunk.length === 0) return this.out;
    this.chunk = chunk;
    this.nextLf = -1;
    const len = chunk.length;
    let pos = 0;
    if (this.inItem) this.itemStart = 0;
    if (this.inString && this.stringRole === "key") this.keyStart = 0;

    while (pos < len && !this.isStopped) {
      if (this.inString) {
        pos = this.scanString(pos);
        continue;
      }
      if (this.inItem && this.itemKind === "junk") {
        pos = this.scanJunk(pos);
        continue;
      }
      if (this.inItem && this.itemKind === "scalar") {
        pos = this.scanScalar(pos);
        continue;
      }
      const byte = chunk[pos]!;
      switch (byte) {
        case SPACE:
        case TAB:
        case CR:
          pos++;
          break;
        case LF:
          this.newline(pos);
          pos++;
          break;
        case QUOTE:
          pos = this.openString(pos);
          break;
        case LBRACE:
        case LBRACKET:
          pos = this.open(byte, pos);
          break;
        case RBRACE:
        case RBRACKET:
          pos = this.close(byte, pos);
          break;
        case COMMA:
          if (this.stack.length === this.objectLevel() && this.innerIs(LBRACE))
            this.expectKey = true;
          pos++;
          break;
        case COLON:
          if (this.stack.length === this.objectLevel()) {
            this.expectKey = false;
            this.afterColon = true;
          }
          pos++;
          break;
        default:
          pos = this.other(byte, pos);
      }
    }
    this.endOfChunk(len);
    return this.out;
  }

  /** Call at the end of the input: reports a value left open (truncated JSON). */
  end(): SplitEvent[] {
    this.out = [];
    if (this.isStopped) return this.out;
    this.chunk = EMPTY;
    this.itemStart = 0;
    const endOffset = this.base;
    if (this.inItem && this.itemKind === "junk") {
      this.endItem(0);
    } else if (this.inItem && this.itemKind !== "scalar") {
      const index = this.nextIndex++;
      this.out.push({
        type: "problem",
        kind: "truncated-json",
        index,
        top: this.itemTop,
        message: `the file ends inside record ${index} (it starts at byte ${this.itemOffset}, line ${this.itemLine}): the JSON is cut off after byte ${endOffset}`,
      });
    } else if (this.stack.length > 0) {
      const what =
        this.top === "array" ? "the top-level array" : "the top-level object and its array";
      this.out.push({
        type: "problem",
        kind: "truncated-json",
        index: null,
        top: false,
        message: `the file ends before ${what} is closed: the JSON is cut off after byte ${endOffset}`,
      });
    }
    this.resetItem();
    this.stack.length = 0;
    return this.out;
  }

  // ----- structure -----

  /** Depth of the objects whose keys are tracked: the item objects, or the top object. */
  private objectLevel(): number {
    return this.itemDepth > 0 ? this.itemDepth + 1 : 1;
  }

  private innerIs(bracket: number): boolean {
    return this.stack[this.stack.length - 1] === bracket;
  }

  private isTopObject(): boolean {
    return this.top === "object" || this.top === "wrapper";
  }

  private newline(pos: number) {
    this.line++;
    if (!this.inItem || !this.itemTop) return;
    this.itemHadNewline = true;
    if (this.ndjson) this.brokenLine(pos);
  }

  /** In NDJSON, a value still open at the end of its line is broken: drop it, start afresh. */
  private brokenLine(pos: number) {
    const index = this.nextIndex++;
    this.out.push({
      type: "problem",
      kind: "invalid-json",
      index,
      top: true,
      message: `record ${index} (line ${this.itemLine}, byte ${this.itemOffset}) is not valid JSON: the value is not closed at the end of its line (byte ${this.base + pos})`,
    });
    this.resetItem();
    this.inString = false;
    this.stack.length = 0;
    this.top = "none";
    this.itemDepth = 0;
  }

  private open(bracket: number, pos: number): number {
    const depth = this.stack.length;
    if (!this.inItem && depth === this.itemDepth) {
      if (depth === 0) {
        this.topValues++;
        this.stack.push(bracket);
        if (bracket === LBRACKET) {
          this.top = "array";
          this.itemDepth = 1;
          this.out.push({ type: "container", container: "array" });
        } else {
          this.top = "object";
          this.startItem(pos, "container", true);
          this.expectKey = true;
          this.afterColon = false;
          this.wrapperKey = null;
        }
        return pos + 1;
      }
      this.startItem(pos, "container", false);
      this.stack.push(bracket);
      if (bracket === LBRACE) this.expectKey = true;
      return pos + 1;
    }
    if (depth === this.objectLevel() && this.innerIs(LBRACE)) {
      if (this.isTopObject() && depth === 1 && this.afterColon && bracket === LBRACKET) {
        const key = this.wrapperKey;
        if (key === "Records" || key === "Events") return this.openWrapperArray(key, pos);
      }
      if (this.expectKey && this.inItem) {
        // A value where a key belongs: the item lost a closing bracket. End it as broken
        // and read this bracket again as the start of the next item.
        this.brokenItem(
          pos,
          `a "${String.fromCharCode(bracket)}" appears where a key was expected`,
        );
        return pos;
      }
      this.afterColon = false;
    }
    this.stack.push(bracket);
    return pos + 1;
  }

  private openWrapperArray(key: ContainerKind, pos: number): number {
    if (this.top === "object") {
      // The top-level object is a wrapper, not a record: forget its bytes so far.
      this.resetItem();
      this.top = "wrapper";
    }
    this.stack.push(LBRACKET);
    this.itemDepth = 2;
    this.afterColon = false;
    this.wrapperKey = null;
    this.out.push({ type: "container", container: key });
    return pos + 1;
  }

  private close(bracket: number, pos: number): number {
    const depth = this.stack.length;
    if (depth === 0) return this.startJunk(pos);
    const opener = bracket === RBRACE ? LBRACE : LBRACKET;
    if (!this.innerIs(opener)) return this.mismatchedClose(bracket, opener, pos);
    if (!this.inItem && depth === this.itemDepth) {
      // Closes the array that holds the items.
      this.stack.pop();
      if (this.itemDepth === 1) {
        this.top = "none";
        this.itemDepth = 0;
      } else {
        this.itemDepth = -1;
        this.expectKey = false;
        this.afterColon = false;
      }
      return pos + 1;
    }
    this.stack.pop();
    const newDepth = depth - 1;
    if (this.inItem && newDepth === this.itemDepth) {
      this.endItem(pos + 1);
      if (newDepth === 0) this.top = "none";
    } else if (this.top === "wrapper" && newDepth === 0) {
      this.top = "none";
      this.itemDepth = 0;
    }
    return pos + 1;
  }

  /** A closing bracket of the wrong kind: close up to the nearest matching opener. */
  private mismatchedClose(bracket: number, opener: number, pos: number): number {
    const match = this.stack.lastIndexOf(opener);
    if (match < 0) {
      // Nothing to close: a stray byte. Inside an item it makes the item fail to parse.
      return pos + 1;
    }
    if (this.inItem && match < this.itemDepth) {
      // It closes a container around the item: the item is broken.
      this.brokenItem(
        pos,
        `a "${String.fromCharCode(bracket)}" closes a bracket it does not match`,
      );
      return pos;
    }
    // Pops the unclosed brackets above the match; the close then proceeds normally (the
    // item, if any, keeps these bytes and fails to parse).
    this.stack.length = match + 1;
    return this.close(bracket, pos);
  }

  private other(byte: number, pos: number): number {
    const depth = this.stack.length;
    if (!this.inItem && depth === this.itemDepth) {
      if (depth === 0) {
        if (this.base + pos < 3 && (byte === BOM_0 || byte === BOM_1 || byte === BOM_2)) {
          return pos + 1;
        }
        return this.startJunk(pos);
      }
      this.startItem(pos, "scalar", false);
      return pos;
    }
    if (depth === this.objectLevel()) this.afterColon = false;
    return pos + 1;
  }

  // ----- strings -----

  private openString(pos: number): number {
    const depth = this.stack.length;
    this.stringRole = "plain";
    if (!this.inItem && depth === this.itemDepth) {
      if (depth === 0) return this.startJunk(pos);
      this.startItem(pos, "string", false);
      this.stringRole = "item";
    } else if (depth === this.objectLevel() && this.innerIs(LBRACE)) {
      if (this.expectKey) {
        if (this.isTopObject() && depth === 1) {
          this.stringRole = "key";
          this.keyStart = pos + 1;
          this.keyPrefix = "";
        }
        this.expectKey = false;
      } else {
        this.afterColon = false;
      }
    }
    this.inString = true;
    this.escapeNext = false;
    return pos + 1;
  }

  /**
   * Skips string content with Buffer.indexOf from quote to quote (measured faster here than
   * a byte loop, even for short strings). A quote after an odd run of backslashes is escaped;
   * bytes before `floor` hold no pending escape.
   */
  private scanString(from: number): number {
    const chunk = this.chunk;
    const len = chunk.length;
    let i = from;
    if (this.escapeNext) {
      this.escapeNext = false;
      i++;
    }
    const lineCheck = this.ndjson && this.inItem && this.itemTop;
    let floor = i;
    while (i < len) {
      const quote = chunk.indexOf(QUOTE, i);
      const stop = quote < 0 ? len : quote;
      if (lineCheck) {
        if (this.nextLf < i) {
          const lf = chunk.indexOf(LF, i);
          this.nextLf = lf < 0 ? len : lf;
        }
        if (this.nextLf < stop) {
          this.brokenLine(this.nextLf);
          return this.nextLf;
        }
      }
      let backslashes = 0;
      for (let j = stop - 1; j >= floor && chunk[j] === BACKSLASH; j--) backslashes++;
      if (quote < 0) {
        this.escapeNext = backslashes % 2 === 1;
        return len;
      }
      if (backslashes % 2 === 0) return this.closeString(quote);
      i = quote + 1;
      floor = i;
    }
    return len;
  }

  private closeString(quote: number): number {
    this.inString = false;
    if (this.stringRole === "key") {
      const key = this.keyPrefix + this.chunk.toString("latin1", this.keyStart, quote);
      this.wrapperKey = WRAPPER_KEYS.has(key) ? key : null;
    } else if (this.stringRole === "item") {
      this.endItem(quote + 1);
    }
    this.stringRole = "plain";
    return quote + 1;
  }

  // ----- scalars and junk -----

  private scanScalar(from: number): number {
    const chunk = this.chunk;
    const len = chunk.length;
    for (let i = from; i < len; i++) {
      const byte = chunk[i]!;
      if (
        byte === COMMA ||
        byte === RBRACKET ||
        byte === RBRACE ||
        byte === SPACE ||
        byte === LF ||
        byte === CR ||
        byte === TAB
      ) {
        this.endItem(i);
        return i;
      }
    }
    return len;
  }

  private startJunk(pos: number): number {
    if (this.topValues === 0) {
      this.isStopped = true;
      this.out.push({ type: "not-json", start: Buffer.from(this.chunk.subarray(pos, pos + 64)) });
      return this.chunk.length;
    }
    if (this.chunk[pos] === COMMA) return pos + 1; // tolerated between top-level values
    this.topValues++;
    this.startItem(pos, "junk", true);
    return pos;
  }

  private scanJunk(from: number): number {
    const lf = this.chunk.indexOf(LF, from);
    if (lf < 0) return this.chunk.length;
    this.endItem(lf);
    return lf;
  }

  // ----- items -----

  private startItem(pos: number, kind: ItemKind, top: boolean) {
    this.inItem = true;
    this.itemKind = kind;
    this.itemTop = top;
    this.itemStart = pos;
    this.itemOffset = this.base + pos;
    this.itemLine = this.line;
    this.itemParts = [];
    this.itemSize = 0;
    this.itemOversize = false;
    this.itemHadNewline = false;
  }

  private resetItem() {
    this.inItem = false;
    this.itemParts = [];
    this.itemSize = 0;
    this.itemOversize = false;
  }

  private endItem(end: number) {
    const index = this.nextIndex++;
    const size = this.itemSize + (end - this.itemStart);
    if (this.itemOversize || size > this.maxItemBytes) {
      this.out.push({
        type: "oversize",
        index,
        size,
        offset: this.itemOffset,
        line: this.itemLine,
        top: this.itemTop,
      });
    } else {
      const tail = this.chunk.subarray(this.itemStart, end);
      const bytes =
        this.itemParts.length === 0 ? tail : Buffer.concat([...this.itemParts, tail], size);
      this.out.push({
        type: "item",
        index,
        bytes,
        offset: this.itemOffset,
        line: this.itemLine,
        top: this.itemTop,
      });
    }
    if (this.itemTop && this.itemKind === "container" && !this.itemHadNewline) this.ndjson = true;
    this.resetItem();
  }

  /** Ends the current item as invalid JSON and resets the depth to the item level. */
  private brokenItem(pos: number, why: string) {
    const index = this.nextIndex++;
    this.out.push({
      type: "problem",
      kind: "invalid-json",
      index,
      top: this.itemTop,
      message: `record ${index} (line ${this.itemLine}, byte ${this.itemOffset}) is not valid JSON: ${why} at byte ${this.base + pos} (a missing bracket?)`,
    });
    this.resetItem();
    this.stack.length = Math.max(this.itemDepth, 0);
    if (this.itemDepth === 0) this.top = "none";
    this.expectKey = false;
    this.afterColon = false;
  }

  private endOfChunk(len: number) {
    if (this.inItem) {
      const size = len - this.itemStart;
      this.itemSize += size;
      if (!this.itemOversize) {
        if (this.itemSize > this.maxItemBytes) {
          this.itemOversize = true;
          this.itemParts = [];
        } else if (size > 0) {
          this.itemParts.push(this.chunk.subarray(this.itemStart, len));
        }
      }
    }
    if (this.inString && this.stringRole === "key" && this.keyPrefix.length < 16) {
      this.keyPrefix += this.chunk.toString("latin1", this.keyStart, len);
    }
    this.base += len;
    this.chunk = EMPTY;
  }
}
