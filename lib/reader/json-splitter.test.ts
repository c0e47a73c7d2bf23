import { describe, expect, it } from "vitest";
import { JsonSplitter, type SplitEvent } from "./json-splitter";

function split(text: string, chunkSize = Infinity, maxItemBytes = 1 << 20): SplitEvent[] {
  const bytes = Buffer.from(text, "utf8");
  const splitter = new JsonSplitter(maxItemBytes);
  const events: SplitEvent[] = [];
  const step = Math.min(chunkSize, bytes.length || 1);
  for (let i = 0; i < bytes.length && !splitter.stopped; i += step) {
    events.push(...splitter.push(bytes.subarray(i, i + step)));
  }
  events.push(...splitter.end());
  return events;
}

/** Items as text, and the other events in a short form. */
function summary(events: SplitEvent[]) {
  return events.map((e) => {
    switch (e.type) {
      case "item":
        return `${e.index}${e.top ? "T" : ""}:${e.bytes.toString("utf8")}`;
      case "container":
        return `<${e.container}>`;
      case "oversize":
        return `${e.index}:oversize(${e.size})`;
      case "problem":
        return `${e.index ?? "-"}:${e.kind}`;
      case "not-json":
        return "not-json";
    }
  });
}

function everyChunking(text: string, maxItemBytes?: number) {
  const whole = summary(split(text, Infinity, maxItemBytes));
  for (const size of [1, 2, 3, 5, 8, 13]) {
    expect(summary(split(text, size, maxItemBytes))).toEqual(whole);
  }
  return whole;
}

describe("JsonSplitter", () => {
  it("cuts the elements of a top-level array, scalars included", () => {
    expect(everyChunking('[ {"a":1} ,[1,2], "s\\"]", 12 , null,true ]')).toEqual([
      "<array>",
      '0:{"a":1}',
      "1:[1,2]",
      '2:"s\\"]"',
      "3:12",
      "4:null",
      "5:true",
    ]);
  });

  it("streams the Records/Events arrays of a top-level object and skips the rest", () => {
    const text =
      '{"x":{"Records":[9]},"y":"Records","Records":[{"b":"}"},{"c":[]}],"NextToken":"t","Events":[{"d":1}]}';
    expect(everyChunking(text)).toEqual([
      "<Records>",
      '0:{"b":"}"}',
      '1:{"c":[]}',
      "<Events>",
      '2:{"d":1}',
    ]);
  });

  it("takes a top-level object without such array as one item", () => {
    expect(everyChunking('{"Records":null,"eventTime":"[{"}\n{"a":{"Records":[1]}}')).toEqual([
      '0T:{"Records":null,"eventTime":"[{"}',
      '1T:{"a":{"Records":[1]}}',
    ]);
  });

  it("handles escapes, including backslash runs at chunk edges", () => {
    const value = JSON.stringify({
      k: 'a\\"b\\\\"c' + "\\".repeat(7) + '"' + "x".repeat(100) + "\\\\\\",
    });
    expect(everyChunking(`[${value},${value}]`)).toEqual(["<array>", `0:${value}`, `1:${value}`]);
  });

  it("marks items over the size limit without keeping them", () => {
    const big = JSON.stringify({ big: "y".repeat(100) });
    expect(everyChunking(`[{"a":1},${big},{"b":2}]`, 50)).toEqual([
      "<array>",
      '0:{"a":1}',
      `1:oversize(${big.length})`,
      '2:{"b":2}',
    ]);
  });

  it("stops at once on bytes that are not JSON", () => {
    expect(everyChunking("hello [1]")).toEqual(["not-json"]);
    expect(everyChunking("\ufeff [1]")).toEqual(["<array>", "0:1"]);
  });

  it("reports truncation inside an item and inside the container", () => {
    expect(everyChunking('{"Records":[{"a":1},{"b":')).toEqual([
      "<Records>",
      '0:{"a":1}',
      "1:truncated-json",
    ]);
    expect(everyChunking("[1,2")).toEqual(["<array>", "0:1", "-:truncated-json"]);
    expect(everyChunking('{"a":"unterminated')).toEqual(["0:truncated-json"]);
  });

  it("recovers from a closing bracket of the wrong kind", () => {
    expect(everyChunking('[{"a":[1,2},{"b":1}]')).toEqual(["<array>", '0:{"a":[1,2}', '1:{"b":1}']);
    expect(everyChunking('{"Records":[{"a":{"x":1},{"b":2}]}')).toEqual([
      "<Records>",
      "0:invalid-json",
      '1:{"b":2}',
    ]);
  });
});
