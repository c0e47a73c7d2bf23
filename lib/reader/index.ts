export { readTrailFile } from "./read-trail-file";
export { isDigestKey } from "./digest";
export type {
  ParsedRecord,
  ReaderOptions,
  ReadSummary,
  TrailFileFormat,
  TrailFileInput,
} from "./types";
