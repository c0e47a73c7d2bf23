/**
 * The event's fields, each declared once: its wire name, its column in the
 * store, its label, and what it takes part in (list rows, hourly counts,
 * filters, sorting, facets, the CSV export, the events table). The store's
 * DDL and staged columns, the filter's SQL, the request parser, the export
 * and the table's columns are derived from this list, in its order (the
 * CSV's column order, a contract). Pure data: the browser and the server
 * share it. What a field needs beyond this (an IP address's number, the user
 * agent's lower case, the resources' lists) is written where it is used,
 * keyed by field. A field's value comes from the normalizer
 * (lib/cloudtrail/normalize.ts) and its wire type from the zod schema
 * (lib/cloudtrail/event-schema.ts), which checks that every field here is one
 * of its keys.
 */

export const EVENT_CATEGORIES = ["Management", "Data", "Insight", "NetworkActivity"] as const;

/**
 * Who acts, rolled up (lib/cloudtrail/identity.ts `actorOf`): the root user, an
 * IAM user, a role (all its sessions), a person (Identity Center, SAML, web
 * identity, directory), an AWS service (or CloudTrail Insights), another
 * account, a caller CloudTrail cannot name (anonymous, unauthenticated
 * Cognito, failed sign-in), or anything else. A federated user
 * (GetFederationToken) acts as the IAM user whose credentials minted it.
 */
export const ACTOR_TYPES = [
  "root",
  "iam-user",
  "role",
  "person",
  "service",
  "account",
  "unknown",
  "other",
] as const;

/** How a filter's values match: the whole value; a case-insensitive part; an IP address or CIDR block. */
export type FieldMatch = "exact" | "contains" | "ip";

export interface EventFieldSpec {
  /** The wire name: a key of the event (eventRowSchema) and, when filtered, the URL parameter. */
  key: string;
  /** The `events` column holding it; null for a field only filtered on (`resource`). */
  column: string | null;
  type: "text" | "time" | "boolean";
  /** The store's column may hold NULL. */
  nullable: boolean;
  /** What people call it (facet titles, filter labels, the column chooser). */
  label: string;
  /** In a row of the events table's pages (eventListRowSchema). */
  listed?: true;
  /** Counted per hour in `event_counts`: a low-cardinality attribute. */
  counted?: true;
  /** Its header in the CSV export (CloudTrail's own name where it has one). */
  csv?: string;
  filter?: {
    match: FieldMatch;
    /** The only values it takes. */
    values?: readonly string[];
    /** In the filter bar's first row (`main`) or behind "More filters" (`more`); else URL only. */
    bar?: "main" | "more";
    /** The bar's label when it differs from `label`. */
    label?: string;
    placeholder?: string;
  };
  /** The server sorts pages by it. */
  sortable?: true;
  /** A facet beside the table. */
  facet?: true;
  /** A column of the events table. */
  table?: {
    /**
     * Default width in rem (the layout is fixed: rows are virtualized). The
     * default columns fit a 1366 px window beside the facets.
     */
    width: number;
    /** Never narrower than `width`: its values (account IDs, IPv4 addresses) show whole. */
    whole?: true;
    /** Its header when shorter than `label`. */
    header?: string;
    /** Hidden until the user shows it. */
    hidden?: true;
    /** The field its cell's + / − buttons filter and its header sorts (else its own). */
    filterField?: string;
  };
}

export const EVENT_FIELDS = [
  {
    key: "time",
    column: "time",
    type: "time",
    nullable: false,
    label: "Time",
    listed: true,
    csv: "eventTime",
    sortable: true,
    table: { width: 11 },
  },
  {
    key: "id",
    column: "id",
    type: "text",
    nullable: false,
    label: "Event ID",
    listed: true,
    csv: "eventID",
    table: { width: 19, hidden: true },
  },
  {
    key: "category",
    column: "category",
    type: "text",
    nullable: false,
    label: "Category",
    listed: true,
    counted: true,
    csv: "category",
    filter: { match: "exact", values: EVENT_CATEGORIES },
    sortable: true,
    facet: true,
    table: { width: 9 },
  },
  {
    key: "eventName",
    column: "event_name",
    type: "text",
    nullable: false,
    label: "Event name",
    listed: true,
    counted: true,
    csv: "eventName",
    filter: { match: "exact", bar: "main", placeholder: "e.g. CreateUser, !ListUsers" },
    sortable: true,
    facet: true,
    table: { width: 10.5, header: "Event" },
  },
  {
    key: "eventSource",
    column: "event_source",
    type: "text",
    nullable: false,
    label: "Event source",
    listed: true,
    counted: true,
    csv: "eventSource",
    filter: { match: "exact", bar: "main", placeholder: "e.g. iam.amazonaws.com" },
    sortable: true,
    facet: true,
  },
  {
    key: "service",
    column: "service",
    type: "text",
    nullable: false,
    label: "Service",
    listed: true,
    counted: true,
    table: { width: 6.5, hidden: true, filterField: "eventSource" },
  },
  {
    key: "principal",
    column: "principal",
    type: "text",
    nullable: false,
    label: "Principal",
    listed: true,
    csv: "principal",
    filter: { match: "exact", bar: "main", placeholder: "e.g. alice, root" },
    sortable: true,
    facet: true,
    table: { width: 10.5 },
  },
  {
    key: "principalType",
    column: "principal_type",
    type: "text",
    nullable: true,
    label: "Principal type",
    listed: true,
    counted: true,
    csv: "principalType",
    filter: { match: "exact", bar: "more", placeholder: "e.g. AssumedRole, !AWSService" },
    facet: true,
    table: { width: 8.5, hidden: true },
  },
  {
    key: "actor",
    column: "actor",
    type: "text",
    nullable: false,
    label: "Actor",
    counted: true,
    filter: { match: "exact" },
  },
  {
    key: "actorType",
    column: "actor_type",
    type: "text",
    nullable: false,
    label: "Actor type",
    counted: true,
    filter: { match: "exact", values: ACTOR_TYPES },
  },
  {
    key: "actorAccount",
    column: "actor_account",
    type: "text",
    nullable: true,
    label: "Actor's account",
    counted: true,
    filter: { match: "exact" },
  },
  {
    key: "principalArn",
    column: "principal_arn",
    type: "text",
    nullable: true,
    label: "Principal ARN",
    csv: "principalArn",
    filter: { match: "exact" },
  },
  {
    key: "sessionIssuer",
    column: "session_issuer",
    type: "text",
    nullable: true,
    label: "Session issuer",
    filter: { match: "exact" },
  },
  {
    key: "mfa",
    column: "mfa",
    type: "text",
    nullable: true,
    label: "MFA",
    filter: { match: "exact", values: ["true", "false"] },
  },
  {
    key: "accessKeyId",
    column: "access_key_id",
    type: "text",
    nullable: true,
    label: "Access key",
    listed: true,
    csv: "accessKeyId",
    filter: { match: "exact", bar: "more", placeholder: "e.g. AKIA…" },
    table: { width: 12.5, hidden: true },
  },
  {
    key: "account",
    column: "account",
    type: "text",
    nullable: true,
    label: "Account",
    listed: true,
    counted: true,
    csv: "account",
    filter: { match: "exact", bar: "more", placeholder: "e.g. 111122223333" },
    sortable: true,
    facet: true,
    table: { width: 9, whole: true },
  },
  {
    key: "callerAccount",
    column: "caller_account",
    type: "text",
    nullable: true,
    label: "Caller account",
    listed: true,
    counted: true,
    csv: "callerAccount",
    filter: { match: "exact", bar: "more", placeholder: "e.g. 444455556666, !111122223333" },
    facet: true,
    table: { width: 9, hidden: true, whole: true },
  },
  {
    key: "region",
    column: "region",
    type: "text",
    nullable: true,
    label: "Region",
    listed: true,
    counted: true,
    csv: "region",
    filter: { match: "exact", bar: "more", placeholder: "e.g. us-east-1" },
    sortable: true,
    facet: true,
    table: { width: 7 },
  },
  {
    key: "sourceIp",
    column: "source_ip",
    type: "text",
    nullable: true,
    label: "Source IP",
    listed: true,
    csv: "sourceIPAddress",
    filter: {
      match: "ip",
      bar: "more",
      label: "Source IP or CIDR",
      placeholder: "e.g. 203.0.113.7, !10.0.0.0/8",
    },
    sortable: true,
    facet: true,
    table: { width: 9.25, whole: true },
  },
  {
    key: "userAgent",
    column: "user_agent",
    type: "text",
    nullable: true,
    label: "User agent",
    listed: true,
    csv: "userAgent",
    filter: {
      match: "contains",
      bar: "more",
      label: "User agent contains",
      placeholder: "e.g. aws-cli, !console",
    },
    table: { width: 16, hidden: true },
  },
  {
    key: "readOnly",
    column: "read_only",
    type: "boolean",
    nullable: true,
    label: "Read / write",
    listed: true,
    counted: true,
    csv: "readOnly",
    table: { width: 6, hidden: true },
  },
  {
    key: "errorCode",
    column: "error_code",
    type: "text",
    nullable: true,
    label: "Error code",
    listed: true,
    counted: true,
    csv: "errorCode",
    filter: { match: "exact", bar: "main", placeholder: "e.g. AccessDenied" },
    sortable: true,
    facet: true,
    table: { width: 8.5, header: "Error" },
  },
  {
    key: "signInFailed",
    column: "sign_in_failed",
    type: "boolean",
    nullable: false,
    label: "Sign-in failed",
    listed: true,
    counted: true,
    csv: "signInFailed",
  },
  {
    key: "errorMessage",
    column: "error_message",
    type: "text",
    nullable: true,
    label: "Error message",
    csv: "errorMessage",
  },
  {
    key: "requestId",
    column: "request_id",
    type: "text",
    nullable: true,
    label: "Request ID",
    csv: "requestID",
  },
  {
    key: "sharedEventId",
    column: "shared_event_id",
    type: "text",
    nullable: true,
    label: "Shared event ID",
    csv: "sharedEventID",
  },
  {
    key: "vpcEndpointId",
    column: "vpc_endpoint_id",
    type: "text",
    nullable: true,
    label: "VPC endpoint",
    listed: true,
    csv: "vpcEndpointId",
    filter: { match: "exact", bar: "more", placeholder: "e.g. vpce-0a1b2c3d" },
    table: { width: 11, hidden: true },
  },
  {
    key: "resource",
    column: null,
    type: "text",
    nullable: true,
    label: "Resource",
    filter: {
      match: "contains",
      bar: "more",
      label: "Resource contains",
      placeholder: "ARN or name part",
    },
  },
] as const satisfies readonly EventFieldSpec[];

type Field = (typeof EVENT_FIELDS)[number];
export type FieldKey = Field["key"];
/** Fields stored in a column of `events`. */
export type StoredField = Extract<Field, { column: string }>;
/** Fields a filter names values of (`eventName=...`, `-eventName=...`). */
export type ListField = Extract<Field, { filter: object }>["key"];
/** Filter fields stored in a column of their own (all but `resource`): what facets count. */
export type FacetField = Extract<Field, { filter: object; column: string }>["key"];
export type SortField = Extract<Field, { sortable: true }>["key"];
export type ListedField = Extract<Field, { listed: true }>["key"];
export type CountedField = Extract<Field, { counted: true }>["key"];
export type PanelFacetField = Extract<Field, { facet: true }>["key"];

const all: readonly EventFieldSpec[] = EVENT_FIELDS;
const keysWhere = <K extends string>(keep: (f: EventFieldSpec) => boolean): readonly K[] =>
  all.filter(keep).map((f) => f.key as K);

/** The field named `key`. */
export function eventField(key: FieldKey): EventFieldSpec {
  return all.find((f) => f.key === key)!;
}

export const STORED_FIELDS: readonly (EventFieldSpec & { column: string })[] = all.filter(
  (f): f is EventFieldSpec & { column: string } => f.column !== null,
);
export const LIST_FIELDS = keysWhere<ListField>((f) => f.filter !== undefined);
export const SORT_FIELDS = keysWhere<SortField>((f) => f.sortable === true);
export const LISTED_FIELDS = keysWhere<ListedField>((f) => f.listed === true);
export const COUNTED_FIELDS = keysWhere<CountedField>((f) => f.counted === true);
export const FACET_FIELDS = keysWhere<FacetField>(
  (f) => f.filter !== undefined && f.column !== null,
);
/** The facets beside the table, in order. */
export const PANEL_FACETS = keysWhere<PanelFacetField>((f) => f.facet === true);

/** How each filter field's values match. */
export const FIELD_MATCH = Object.fromEntries(
  all.flatMap((f) => (f.filter ? [[f.key, f.filter.match]] : [])),
) as Record<ListField, FieldMatch>;

/** The store's column of each filter field with one. */
export const FIELD_COLUMN = Object.fromEntries(
  all.flatMap((f) => (f.filter && f.column ? [[f.key, f.column]] : [])),
) as Record<FacetField, string>;

/** The filter bar's text inputs, in order. */
export const FILTER_BAR_FIELDS: readonly {
  key: ListField;
  label: string;
  placeholder: string;
  more: boolean;
}[] = all.flatMap((f) =>
  f.filter?.bar
    ? [
        {
          key: f.key as ListField,
          label: f.filter.label ?? f.label,
          placeholder: f.filter.placeholder ?? "",
          more: f.filter.bar === "more",
        },
      ]
    : [],
);

/** The events table's columns from fields, in order, with what the table needs of each. */
export const TABLE_FIELDS: readonly {
  key: ListedField;
  header: string;
  label: string;
  width: number;
  /** Its values show whole at `width`: it cannot be made narrower. */
  whole: boolean;
  hidden: boolean;
  /** The filter its + / − buttons set, if any. */
  filterField: ListField | null;
  /** The sort its header sets, if any. */
  sortField: SortField | null;
}[] = all.flatMap((f) => {
  if (!f.table) return [];
  const target = eventField((f.table.filterField ?? f.key) as FieldKey);
  return [
    {
      key: f.key as ListedField,
      header: f.table.header ?? f.label,
      label: f.label,
      width: f.table.width,
      whole: f.table.whole === true,
      hidden: f.table.hidden === true,
      filterField: target.filter ? (target.key as ListField) : null,
      sortField: target.sortable ? (target.key as SortField) : null,
    },
  ];
});

/** A field's label. */
export function fieldLabel(key: FieldKey): string {
  return eventField(key).label;
}
