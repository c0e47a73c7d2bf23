import {
  type CellContext,
  columnResizingFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  tableFeatures,
} from "@tanstack/react-table";
import type { ReactNode } from "react";
import type { EventCategory, EventListRow } from "@/lib/cloudtrail/event-schema";
import { type ListedField, type SortField, TABLE_FIELDS } from "@/lib/cloudtrail/fields";
import { isCrossAccount } from "@/lib/cloudtrail/identity";
import { cx } from "../app/class-names";
import { cellText, insightLabel, ipValue } from "./cell-values";
import styles from "./columns.module.css";
import { CellFilterButtons } from "./filter-toggle";
import { badgeOrder, ORIGIN_LABEL } from "./origin-label";
import { EventTime, TimeColumnHeader } from "./time-zone";

/**
 * The events table's columns: one per field of the field table with a
 * `table` entry (lib/cloudtrail/fields.ts), then where the event was read
 * from. Cells render text only: record content is hostile.
 */

export const eventTableFeatures = tableFeatures({
  columnVisibilityFeature,
  columnSizingFeature,
  columnResizingFeature,
});
const helper = createColumnHelper<typeof eventTableFeatures, EventListRow>();

type Cell = CellContext<typeof eventTableFeatures, EventListRow, unknown>;
type TableField = (typeof TABLE_FIELDS)[number];

/**
 * A field's value with the + / − buttons of the filter it sets. The full value
 * is its tooltip: a narrow column cuts it (under the pointer or focus, the
 * cell shows it whole, event-row.module.css).
 */
function FilterableCell({
  field,
  value,
  filterValue,
  label,
  children,
}: {
  field: TableField;
  value: unknown;
  /** What the buttons filter by, when not the value itself. */
  filterValue?: string | null;
  /** The text shown, when not the value's (its tooltip says it whole). */
  label?: string;
  /** How the value is shown, when not as text. */
  children?: ReactNode;
}) {
  const shown = label ?? cellText(value);
  const target = filterValue !== undefined ? filterValue : typeof value === "string" ? value : null;
  return (
    <>
      <span className={styles.value} title={shown === "—" ? undefined : shown}>
        {children ?? shown}
      </span>
      {field.filterField && <CellFilterButtons field={field.filterField} value={target || null} />}
    </>
  );
}

/** Each category's badge colours. */
const CATEGORY_CLASS: Record<EventCategory, string | undefined> = {
  Management: styles.Management,
  Data: styles.Data,
  Insight: styles.Insight,
  NetworkActivity: styles.NetworkActivity,
};

/** Cells that show more than the value (keyed by field); the others are a FilterableCell. */
const SPECIAL_CELLS: Partial<Record<ListedField, (field: TableField, info: Cell) => ReactNode>> = {
  time: (_, info) => <EventTime iso={info.getValue() as string} />,
  category: (field, info) => (
    <FilterableCell field={field} value={info.getValue()}>
      <span className={cx(styles.badge, CATEGORY_CLASS[info.getValue() as EventCategory])}>
        {String(info.getValue())}
      </span>
    </FilterableCell>
  ),
  eventName: (field, info) => {
    const row = info.row.original;
    const insight = row.category === "Insight" ? insightLabel(row) : null;
    return <FilterableCell field={field} value={info.getValue()} label={insight ?? undefined} />;
  },
  service: (field, info) => (
    <FilterableCell
      field={field}
      value={info.getValue()}
      filterValue={info.row.original.eventSource || null}
    />
  ),
  sourceIp: (field, info) => {
    const value = info.getValue() as string | null;
    return <FilterableCell field={field} value={value} filterValue={ipValue(value)} />;
  },
  errorCode: (field, info) =>
    info.getValue() ? (
      <FilterableCell field={field} value={info.getValue()}>
        <span className={styles.errorCode}>{String(info.getValue())}</span>
      </FilterableCell>
    ) : info.row.original.signInFailed ? (
      // A failed console sign-in has no errorCode: said in words, never as a made-up code.
      <span className={styles.errorCode}>sign-in failed</span>
    ) : (
      ""
    ),
  account: (field, info) => {
    const { account, callerAccount } = info.row.original;
    const foreign = isCrossAccount(info.row.original);
    return (
      <FilterableCell field={field} value={account}>
        {cellText(account)}
        {foreign && (
          // A mark, not the caller's ID: the account column fits one ID whole (the Caller
          // account column, the tooltip and the detail show the caller's).
          <span
            className={styles.crossAccount}
            title={`Called from another account: ${callerAccount}`}
            aria-label={`called from another account, ${callerAccount}`}
            data-testid="cross-account"
          >
            ⇠
          </span>
        )}
      </FilterableCell>
    );
  },
  readOnly: (_, info) => {
    const value = info.getValue() as boolean | null;
    return value === null ? "—" : value ? "read" : "write";
  },
};

/** The page's root font size (app/globals.css): column widths are declared in rem, sized in px. */
const REM_PX = 14;
/** No column is dragged narrower than this (rem), nor wider than the max. */
const MIN_WIDTH_REM = 4;
const MAX_WIDTH_REM = 60;

/** A column's sizes in px, from its width in rem; `whole` columns never get narrower. */
function sizes(widthRem: number, whole = false) {
  return {
    size: widthRem * REM_PX,
    minSize: (whole ? widthRem : MIN_WIDTH_REM) * REM_PX,
    maxSize: MAX_WIDTH_REM * REM_PX,
  };
}

export const eventColumns = helper.columns([
  ...TABLE_FIELDS.map((field) =>
    helper.accessor((row): unknown => row[field.key], {
      id: field.key,
      ...sizes(field.width, field.whole),
      header: field.key === "time" ? () => <TimeColumnHeader /> : field.header,
      cell: (info: Cell) =>
        SPECIAL_CELLS[field.key]?.(field, info) ?? (
          <FilterableCell field={field} value={info.getValue()} />
        ),
    }),
  ),
  helper.accessor("originKinds", {
    id: "origins",
    ...sizes(6.5),
    header: "Read from",
    cell: (info) => {
      const kinds = badgeOrder(info.getValue());
      return (
        <span title={kinds.map((kind) => ORIGIN_LABEL[kind]).join(", ")}>
          {kinds.map((kind) => (
            <span
              key={kind}
              className={cx(styles.badge, styles.origin, kind === "lookup" && styles.lookup)}
              data-testid="origin-badge"
              data-origin={kind}
            >
              {ORIGIN_LABEL[kind]}
            </span>
          ))}
        </span>
      );
    },
  }),
]);

/** Columns the server sorts by, and the sort field of each. */
export const SORTABLE_COLUMNS: Partial<Record<string, SortField>> = Object.fromEntries(
  TABLE_FIELDS.flatMap((f) => (f.sortField ? [[f.key, f.sortField]] : [])),
);

/** Hidden until the user chooses otherwise (the column chooser). */
export const DEFAULT_HIDDEN_COLUMNS = TABLE_FIELDS.filter((f) => f.hidden).map((f) => f.key);

/** Column ids and names, for the column chooser. */
export const COLUMN_LABELS: { id: string; label: string }[] = [
  ...TABLE_FIELDS.map((f) => ({ id: f.key, label: f.label })),
  { id: "origins", label: "Read from" },
];
