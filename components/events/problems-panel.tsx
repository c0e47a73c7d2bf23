import type { SourceProblem } from "@/lib/query/events-response";
import styles from "./problems-panel.module.css";

/** Files and records that could not be read: visible, never swallowed. */
export function ProblemsPanel({ problems, total }: { problems: SourceProblem[]; total: number }) {
  if (total === 0) return null;
  const errors = problems.filter((p) => p.severity === "error").length;
  return (
    <details className={styles.problems} data-testid="problems">
      <summary>
        {total} problem{total === 1 ? "" : "s"} reading the sources
        {errors > 0 ? ` (${errors} error${errors === 1 ? "" : "s"})` : ""}: everything else is shown
      </summary>
      <ul>
        {problems.map((p, i) => (
          <li
            key={`${p.source}|${p.file}|${p.recordIndex ?? ""}|${i}`}
            className={p.severity === "error" ? styles.error : undefined}
          >
            <code>{p.file}</code>
            {p.recordIndex !== null && <span> record #{p.recordIndex}</span>}: {p.message}{" "}
            <span className="muted">({p.kind})</span>
          </li>
        ))}
      </ul>
      {total > problems.length && <p className="muted">…and {total - problems.length} more.</p>}
    </details>
  );
}
