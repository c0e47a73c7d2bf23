/** Looking at the first bytes of a file (and its name) to tell what it is. */

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/** True when the bytes start with the gzip magic number 1f 8b. */
export function hasGzipMagic(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1;
}

/** True when the name ends in .gz (any case). */
export function hasGzipName(name: string): boolean {
  return /\.gz$/i.test(name);
}

function isJsonSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * The first byte that is not JSON whitespace (nor a leading UTF-8 byte order mark), or
 * null when the bytes hold only whitespace.
 */
function firstSignificantByte(head: Uint8Array): number | null {
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  for (; i < head.length; i++) {
    const byte = head[i];
    if (byte !== undefined && !isJsonSpace(byte)) return byte;
  }
  return null;
}

/** True when the first significant byte can start a JSON object or array. */
export function looksLikeJson(head: Uint8Array): boolean {
  const first = firstSignificantByte(head);
  return first === 0x7b || first === 0x5b;
}

/** A short printable rendering of the first bytes, for messages. */
export function describeStart(bytes: Uint8Array, max = 24): string {
  const part = bytes.subarray(0, max);
  let printable = true;
  for (const byte of part) {
    if ((byte < 0x20 && !isJsonSpace(byte)) || byte > 0x7e) printable = false;
  }
  if (printable) {
    const text = Buffer.from(part).toString("latin1").replace(/\s+/g, " ");
    return JSON.stringify(text + (bytes.length > max ? "..." : ""));
  }
  return `bytes ${Buffer.from(part.subarray(0, 8))
    .toString("hex")
    .replace(/(..)(?!$)/g, "$1 ")}`;
}
