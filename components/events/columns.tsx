import { columnVisibilityFeature, createColumnHelper, tableFeatures } from "@tanstack/react-table";
import type { EventListRow } from "@/lib/cloudtrail/event-schema";
import type { SortField } from "@/lib/query/event-query";
import { CellFilterButtons } from "./filter-toggle";
import { EventTime, TimeColumnHeader } from "./time-zone";
import { badgeOrder, ORIGIN_LABEL } from "./origin-label";

/** The events table's columns. Cells render text only: record content is hostile. */

export const eventTableFeatures = tableFeatures({ columnVisibilityFeature });
const helper = createColumnHelper<typeof eventTableFeatures, EventListRow>();

export const eventColumns = helper.columns([
  helper.accessor("time", {
    header: () => <TimeColumnHeader />,
    cell: (info) => <EventTime iso={info.getValue()} />,
  }),
  helper.accessor("category", {
    header: "Category",
    cell: (info) => (
      <>
        <span className={`badge category-${info.getValue()}`}>{info.getValue()}</span>
        <CellFilterButtons field="category" value={info.getValue()} />
      </>
    ),
  }),
  helper.accessor("eventName", {
    header: "Event",
    cell: (info) => {
      const row = info.row.original;
      const insight = row.category === "Insight" ? insightLabel(row) : null;
      return (
        <>
          {insight ?? (info.getValue() || "—")}
          <CellFilterButtons field="eventName" value={info.getValue() || null} />
        </>
      );
    },
  }),
  helper.accessor("service", {
    header: "Service",
    cell: (info) => (
      <>
        {info.getValue() || "—"}
        <CellFilterButtons field="eventSource" value={info.row.original.eventSource || null} />
      </>
    ),
  }),
  helper.accessor("principal", {
    header: "Principal",
    cell: (info) => (
      <>
        {info.getValue()}
        <CellFilterButtons field="principal" value={info.getValue()} />
      </>
    ),
  }),
  helper.accessor("sourceIp", {
    header: "Source IP",
    cell: (info) => (
      <>
        {info.getValue() ?? "—"}
        <CellFilterButtons field="sourceIp" value={ipValue(info.getValue())} />
      </>
    ),
  }),
  helper.accessor("region", {
    header: "Region",
    cell: (info) => (
      <>
        {info.getValue() ?? "—"}
        <CellFilterButtons field="region" value={info.getValue()} />
      </>
    ),
  }),
  helper.accessor("account", {
    header: "Account",
    cell: (info) => (
      <>
        {info.getValue() ?? "—"}
        <CellFilterButtons field="account" value={info.getValue()} />
      </>
    ),
  }),
  helper.accessor("errorCode", {
    header: "Error",
    cell: (info) => {
      const code = info.getValue();
      return code ? (
        <>
          <span className="error-code">{code}</span>
          <CellFilterButtons field="errorCode" value={code} />
        </>
      ) : (
        ""
      );
    },
  }),
  helper.accessor("principalType", {
    header: "Principal type",
    cell: (info) => (
      <>
        {info.getValue() ?? "—"}
        <CellFilterButtons field="principalType" value={info.getValue()} />
      </>
    ),
  }),
  helper.accessor("accessKeyId", {
    header: "Access key",
    cell: (info) => (
      <>
        {info.getValue() ?? "—"}
        <CellFilterButtons field="accessKeyId" value={info.getValue()} />
      </>
    ),
  }),
  helper.accessor("readOnly", {
    header: "Read / write",
    cell: (info) => {
      const value = info.getValue();
      return value === null ? "—" : value ? "read" : "write";
    },
  }),
  helper.accessor("userAgent", {
    header: "User agent",
    cell: (info) => <span title={info.getValue() ?? undefined}>{info.getValue() ?? "—"}</span>,
  }),
  helper.accessor("id", {
    header: "Event ID",
    cell: (info) => info.getValue(),
  }),
  helper.accessor("originKinds", {
    id: "origins",
    header: "Read from",
    cell: (info) =>
      badgeOrder(info.getValue()).map((kind) => (
        <span
          key={kind}
          className={`badge origin origin-${kind}`}
          data-testid="origin-badge"
          data-origin={kind}
        >
          {ORIGIN_LABEL[kind]}
        </span>
      )),
  }),
]);

/** Widths (rem) of the fixed table layout: rows are virtualized, so widths must not follow content. */
export const COLUMN_WIDTH_REM: Record<string, number> = {
  time: 12,
  category: 9.5,
  eventName: 13,
  service: 8,
  principal: 13,
  sourceIp: 9,
  region: 7.5,
  account: 8,
  errorCode: 10,
  principalType: 8.5,
  accessKeyId: 11,
  readOnly: 6,
  userAgent: 16,
  id: 19,
  origins: 9,
};

/** Columns the server sorts by, and the sort field of each. */
export const SORTABLE_COLUMNS: Partial<Record<string, SortField>> = {
  time: "time",
  category: "category",
  eventName: "eventName",
  service: "eventSource",
  principal: "principal",
  sourceIp: "sourceIp",
  region: "region",
  account: "account",
  errorCode: "errorCode",
};

/** Shown until the user chooses otherwise (the column chooser). */
export const DEFAULT_HIDDEN_COLUMNS = [
  "principalType",
  "accessKeyId",
  "readOnly",
  "userAgent",
  "id",
];

/** Column ids and header text, for the column chooser. */
export const COLUMN_LABELS: { id: string; label: string }[] = [
  { id: "time", label: "Time" },
  { id: "category", label: "Category" },
  { id: "eventName", label: "Event" },
  { id: "service", label: "Service" },
  { id: "principal", label: "Principal" },
  { id: "principalType", label: "Principal type" },
  { id: "accessKeyId", label: "Access key" },
  { id: "sourceIp", label: "Source IP" },
  { id: "region", label: "Region" },
  { id: "account", label: "Account" },
  { id: "errorCode", label: "Error" },
  { id: "readOnly", label: "Read / write" },
  { id: "userAgent", label: "User agent" },
  { id: "id", label: "Event ID" },
  { id: "origins", label: "Read from" },
];

/** The source IP filter takes addresses only (a service name such as `s3.amazonaws.com` is not one). */
function ipValue(value: string | null): string | null {
  return value && (/^\d{1,3}(\.\d{1,3}){3}$/.test(value) || value.includes(":")) ? value : null;
}

/** Insights records name the API they watch inside insightDetails. */
function insightLabel(row: EventListRow): string | null {
  const details = row.raw?.insightDetails;
  if (!details || typeof details !== "object") return null;
  const d = details as Record<string, unknown>;
  const name = typeof d.eventName === "string" ? d.eventName : "";
  const type = typeof d.insightType === "string" ? d.insightType : "Insight";
  const state = typeof d.state === "string" ? d.state : "";
  return `${type} ${state}${name ? `: ${name}` : ""}`.trim();
}
