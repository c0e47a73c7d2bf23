import styles from "./export-links.module.css";

/** Downloads of the whole view (every matching event, not just the rows shown). */
export function ExportLinks({ apiParams }: { apiParams: string }) {
  const href = (format: "csv" | "ndjson") => {
    const params = new URLSearchParams(apiParams);
    for (const key of ["limit", "cursor", "wait"]) params.delete(key);
    return `/api/export?format=${format}&${params.toString()}`;
  };
  return (
    <span className={styles.links}>
      Export all:{" "}
      <a href={href("csv")} download data-testid="export-csv">
        CSV
      </a>{" "}
      ·{" "}
      <a href={href("ndjson")} download data-testid="export-ndjson">
        NDJSON
      </a>
    </span>
  );
}
