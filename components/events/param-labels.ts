import { eventField, type FieldKey, LIST_FIELDS } from "@/lib/cloudtrail/fields";

/**
 * What the page calls each parameter of a view: the label of its field or
 * control, as the filter bar shows it. Messages about a parameter use it,
 * never the API's name.
 */
const CONTROL_LABELS: Record<string, string> = {
  from: "From",
  to: "To",
  q: "Search the whole record",
  error: "Result",
  readOnly: "Reads or changes",
  crossAccount: "Caller",
  integrity: "Integrity",
  sort: "Sort",
};

const isListField = (key: string): key is (typeof LIST_FIELDS)[number] =>
  (LIST_FIELDS as readonly string[]).includes(key);

/** A parameter's label (`-eventName`: the same as `eventName`); one the page does not know, quoted. */
export function paramLabel(param: string): string {
  const key = param.startsWith("-") ? param.slice(1) : param;
  if (isListField(key)) {
    const field = eventField(key as FieldKey);
    return field.filter?.label ?? field.label;
  }
  return CONTROL_LABELS[param] ?? `"${param}"`;
}
