import type { ContainerKind } from "./json-splitter";
import { isJsonObject } from "./record-shape";

/** The shape of a whole parsed file: a container of items, or one top-level value. */
export type WholeShape =
  | { kind: "container"; container: ContainerKind; items: unknown[] }
  | { kind: "single"; value: unknown };

/**
 * Mirrors the splitter on an already parsed value: a top-level array, an object holding
 * `Records`/`Events` arrays (their items in key order), or any other single value.
 */
export function shapeOfWhole(value: unknown): WholeShape {
  if (Array.isArray(value)) return { kind: "container", container: "array", items: value };
  if (isJsonObject(value)) {
    let container: ContainerKind | null = null;
    let items: unknown[] = [];
    for (const [key, inner] of Object.entries(value)) {
      if ((key === "Records" || key === "Events") && Array.isArray(inner)) {
        container ??= key;
        items = items.length === 0 ? inner : items.concat(inner);
      }
    }
    if (container) return { kind: "container", container, items };
  }
  return { kind: "single", value };
}
