import { fileIntegritySchema } from "../integrity/integrity-schema";
import { z } from "zod";
import {
  ACTOR_TYPES,
  EVENT_CATEGORIES,
  type FieldKey,
  LISTED_FIELDS,
  type ListedField,
} from "./fields";

/**
 * The normalized event: whole (eventRowSchema, `/api/events/<id>`) and as a
 * row of the table (eventListRowSchema, `/api/events` pages). These schemas
 * are the contract of the API (field names are fixed: scripts depend on them)
 * and are shared by the server, the browser and the contract tests.
 */

export { ACTOR_TYPES, EVENT_CATEGORIES };
export const eventCategorySchema = z.enum(EVENT_CATEGORIES);
export type EventCategory = z.infer<typeof eventCategorySchema>;

/** Where an event was read. The same eventID read twice keeps both origins. */
export const ORIGIN_KINDS = ["local", "s3", "lookup"] as const;
export const originSchema = z
  .object({
    kind: z.enum(ORIGIN_KINDS),
    /** The configured source: a folder path, `s3://bucket/prefix`, or `lookup:<region>`. */
    source: z.string(),
    /** The file key relative to the source (or the region for LookupEvents). */
    key: z.string(),
    /** The file's standing against the trail's digests (the whole event only; null: not hashed). */
    integrity: fileIntegritySchema.nullable().optional(),
  })
  .strict();
export type EventOrigin = z.infer<typeof originSchema>;

export const resourceSchema = z
  .object({
    arn: z.string().nullable(),
    type: z.string().nullable(),
    accountId: z.string().nullable(),
    /** A readable name, e.g. `bucket/key` for an S3 object. */
    label: z.string(),
  })
  .strict();
export type EventResource = z.infer<typeof resourceSchema>;

/** Who acts, rolled up: see ACTOR_TYPES (lib/cloudtrail/fields.ts). */
export const actorTypeSchema = z.enum(ACTOR_TYPES);
export type ActorType = z.infer<typeof actorTypeSchema>;

/**
 * The longest eventID kept as is: real ones are 36-character UUIDs; a longer
 * (hostile) one is stored as a hash of itself (lib/cloudtrail/normalize.ts).
 */
export const MAX_EVENT_ID_CHARS = 256;

export const rawRecordSchema = z.record(z.string(), z.unknown());
export type RawRecord = z.infer<typeof rawRecordSchema>;

export const eventRowSchema = z
  .object({
    id: z.string().min(1),
    time: z.iso.datetime(),
    category: eventCategorySchema,
    eventName: z.string(),
    eventSource: z.string(),
    service: z.string(),
    eventType: z.string().nullable(),
    eventVersion: z.string().nullable(),
    principal: z.string().min(1),
    principalType: z.string().nullable(),
    /** The roll-up of `principal`: the role for role sessions, the person for Identity Center. */
    actor: z.string().min(1),
    actorType: actorTypeSchema,
    /**
     * The account of an account-scoped actor (root, IAM user, role, account):
     * same-named ones in two accounts are two actors. Null for people and services.
     */
    actorAccount: z.string().nullable(),
    principalArn: z.string().nullable(),
    /** The ARN of the role (or user) a temporary session was issued by (sessionContext.sessionIssuer). */
    sessionIssuer: z.string().nullable(),
    /** Whether the session was signed in with MFA (`"true"`, `"false"`), as the record says it. */
    mfa: z.enum(["true", "false"]).nullable(),
    accessKeyId: z.string().nullable(),
    /** The account that logged the call (recipientAccountId). */
    account: z.string().nullable(),
    /** The account the caller belongs to: another than `account` for a cross-account call. */
    callerAccount: z.string().nullable(),
    region: z.string().nullable(),
    sourceIp: z.string().nullable(),
    userAgent: z.string().nullable(),
    readOnly: z.boolean().nullable(),
    /** The record's errorCode, never made up. */
    errorCode: z.string().nullable(),
    /** A console sign-in (or role switch, MFA check) that failed: it has no errorCode. */
    signInFailed: z.boolean(),
    errorMessage: z.string().nullable(),
    requestId: z.string().nullable(),
    sharedEventId: z.string().nullable(),
    /** The VPC endpoint the call came through, if any. */
    vpcEndpointId: z.string().nullable(),
    resources: z.array(resourceSchema),
    origins: z.array(originSchema),
    raw: rawRecordSchema,
  })
  .strict();
export type EventRow = z.infer<typeof eventRowSchema>;

/**
 * An event as the events table shows it: its columns, the kinds of source it
 * was read from, and its record only when asked (`raw=1`) or when it is an
 * Insight (its label comes from the record; they are few). A list of 100,000
 * rows stays light in a browser, and a page reads a dozen columns of the
 * store instead of all of them. The drawer reads the whole event by id.
 */
export const eventListRowSchema = eventRowSchema
  .pick(Object.fromEntries(LISTED_FIELDS.map((f) => [f, true])) as Record<ListedField, true>)
  .extend({
    /** The distinct kinds of source it was read from, in alphabetical order. */
    originKinds: z.array(z.enum(ORIGIN_KINDS)),
    raw: rawRecordSchema.nullable(),
  })
  .strict();
export type EventListRow = z.infer<typeof eventListRowSchema>;

/**
 * The event's value of each field of the field table (lib/cloudtrail/fields.ts;
 * `resource` filters on `resources`): a field the event lacks fails to compile.
 */
export type EventFieldValues = Pick<EventRow, Exclude<FieldKey, "resource">>;
