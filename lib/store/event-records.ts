import { gunzipSync } from "node:zlib";
import { readRecordTexts } from "../reader/record-text";
import { classifyItem } from "../reader/record-shape";
import { hasGzipMagic } from "../reader/sniff";
import { shapeOfWhole } from "../reader/whole-json";
import type { WorkKind } from "./admission";
import type { Store } from "./database";
import { readPacked } from "./packs";
import { sql } from "./sql";

/**
 * Events' records, read back from the bytes of the files that delivered them
 * (lib/store/packs.ts): the text of each, as delivered. The drawer, a page
 * asked with its records, and the NDJSON export read them here.
 */

/** Where an event's record is: its file's read and its index among the file's items. */
export interface RecordPlace {
  id: string;
  fileId: number;
  recordIndex: number;
}

/** Files read at once. */
const PARALLEL_FILES = 8;

interface PackedFile extends Record<string, unknown> {
  file_id: number;
  pack: string | null;
  pack_offset: number | null;
  pack_length: number | null;
  key: string;
}

async function packedFiles(
  store: Store,
  fileIds: number[],
  work: WorkKind,
): Promise<Map<number, PackedFile>> {
  const ids = fileIds.filter(Number.isSafeInteger);
  if (ids.length === 0) return new Map();
  // Safe integers (checked above), written into the text.
  const idList = sql.join(ids.map(sql.number), ", ");
  const rows = await store.query<PackedFile>(
    sql`SELECT file_id, pack, pack_offset::DOUBLE AS pack_offset, pack_length::DOUBLE AS pack_length, key
       FROM files WHERE file_id IN (${idList})`,
    work,
  );
  return new Map(rows.map((r) => [r.file_id, r]));
}

/**
 * The reader's numbering comes from one JSON.parse of a small file, and the
 * splitter's from its structure; they differ only for odd files (a wrapper
 * key given twice, or escaped). When the text found does not hold the event's
 * id, the record is taken the reader's way (as JSON.stringify writes it).
 */
function readerWayRecord(bytes: Buffer, index: number): string | null {
  try {
    const plain = hasGzipMagic(bytes) ? gunzipSync(bytes) : bytes;
    const shape = shapeOfWhole(JSON.parse(plain.toString("utf8")));
    const item =
      shape.kind === "single" ? (index === 0 ? shape.value : undefined) : shape.items[index];
    const outcome = item === undefined ? null : classifyItem(item, `record ${index}`);
    return outcome?.kind === "record" ? JSON.stringify(outcome.record) : null;
  } catch (error) {
    // Not JSON as a whole: the reader split it too, so the splitter's text stands.
    if (error instanceof SyntaxError) return null;
    throw error;
  }
}

/**
 * The records of `places` by `id`; a record that cannot be read is left out.
 * `check: false` when the ids are not event ids (the text is then not checked
 * against them); `work`: the kind of work asking (admission.ts), `pages` unless said.
 */
export async function readEventRecords(
  store: Store,
  places: RecordPlace[],
  options: { check?: boolean; work?: WorkKind } = {},
): Promise<Map<string, string>> {
  const byFile = new Map<number, RecordPlace[]>();
  for (const place of places) {
    const list = byFile.get(place.fileId) ?? [];
    list.push(place);
    byFile.set(place.fileId, list);
  }
  const files = await packedFiles(store, [...byFile.keys()], options.work ?? "pages");
  const texts = new Map<string, string>();
  const queue = [...byFile];
  const readNext = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [fileId, wanted] = next;
      const file = files.get(fileId);
      if (!file?.pack || file.pack_offset === null || file.pack_length === null) continue;
      const bytes = await readPacked(store.dataDir, {
        pack: file.pack,
        offset: file.pack_offset,
        length: file.pack_length,
      });
      const found = await readRecordTexts(
        bytes,
        wanted.map((p) => p.recordIndex),
      );
      for (const place of wanted) {
        let text = found.get(place.recordIndex) ?? null;
        // Ids made from a hash (no eventID, or a hostile one) are not in the text.
        const checkable = options.check !== false && !place.id.startsWith("h-");
        if ((text === null || (checkable && !text.includes(place.id))) && Buffer.isBuffer(bytes)) {
          text = readerWayRecord(bytes, place.recordIndex) ?? text;
        }
        if (text !== null) texts.set(place.id, text);
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_FILES }, readNext));
  return texts;
}
