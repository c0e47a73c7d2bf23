import { z } from "zod";

/**
 * A problem met while reading trail data: shown to the user next to the events
 * that did load. Shared by the reader, the store, the API and the page.
 */
const PROBLEM_KINDS = [
  "not-gzip", // named .gz but not gzip, or bytes that are neither gzip nor JSON
  "truncated-gzip",
  "corrupt-gzip",
  "invalid-json", // a record (or the whole file) is not valid JSON
  "truncated-json", // the JSON ends before its structure closes
  "no-records", // valid JSON, but no CloudTrail records in it
  "missing-event-time", // a record without a usable eventTime (skipped)
  "invalid-record", // a record that is not a JSON object, or an unreadable LookupEvents item
  "record-too-large", // one record past the per-record limit (skipped)
  "too-large", // the file decompresses past the configured limit (read up to it)
  "unsupported-format", // JSON of an unknown shape
  "read-failed", // the bytes could not be read (I/O, network, permissions)
  "conflicting-copies", // one eventID delivered with different content in two files
] as const;
const problemKindSchema = z.enum(PROBLEM_KINDS);
export type ProblemKind = z.infer<typeof problemKindSchema>;

export const problemSchema = z
  .object({
    kind: problemKindSchema,
    severity: z.enum(["error", "warning"]),
    /** The file (key or path) the problem is in. */
    file: z.string(),
    /** 0-based index of the record in the file, when the problem is one record. */
    recordIndex: z.number().int().nonnegative().nullable(),
    message: z.string(),
  })
  .strict();
export type Problem = z.infer<typeof problemSchema>;
