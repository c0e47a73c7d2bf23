import path from "node:path";

/**
 * TRAILGLASS_DATA, the folder the server keeps its state in, as an absolute
 * path. Apart from lib/config.ts so proxy.ts can know it without the store.
 */
export function dataDirOf(value: string | undefined): string {
  return path.resolve(value && value.trim() ? value.trim() : ".trailglass");
}
