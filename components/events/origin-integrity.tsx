import type { FileIntegrity } from "@/lib/integrity/integrity-schema";
import { cx } from "../app/class-names";
import styles from "./origin-integrity.module.css";
import { originIntegrityText } from "./origin-integrity-text";

/**
 * A file's standing against the trail's digests, beside the file in the event
 * detail; nothing for a file never hashed (Event history).
 */
export function OriginIntegrity({ integrity }: { integrity: FileIntegrity | null | undefined }) {
  const text = originIntegrityText(integrity);
  if (!text) return null;
  return (
    <span
      className={cx(styles.integrity, text.failure && styles.failed)}
      data-testid="origin-integrity"
      data-status={text.status}
    >
      <span className={cx(styles.badge, styles[text.status])}>{text.badge}</span> {text.before}
      {text.digest && (
        <code className={styles.digest} title={text.digest.key}>
          {text.digest.name}
        </code>
      )}
      {text.after}
    </span>
  );
}
